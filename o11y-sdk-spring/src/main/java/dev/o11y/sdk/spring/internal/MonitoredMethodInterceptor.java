package dev.o11y.sdk.spring.internal;

import dev.o11y.sdk.O11y;
import dev.o11y.sdk.OperationDescriptor;
import dev.o11y.sdk.internal.MonitoredMethods;
import dev.o11y.sdk.internal.Operation;
import dev.o11y.sdk.internal.SdkInternals;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;

/** Runs each {@code @Monitored} bean method through the core's instrumenter. */
final class MonitoredMethodInterceptor implements MethodInterceptor {

  private final ObjectProvider<O11y> o11y;
  /** Looked up once: a bean factory lookup on every call would cost more than the instrumentation. */
  private volatile O11y sdk;
  /** Operations by target class, then method: found per call without allocating a lookup key. */
  private final Map<Class<?>, Map<Method, Operation>> operations = new ConcurrentHashMap<>();

  MonitoredMethodInterceptor(ObjectProvider<O11y> o11y) {
    this.o11y = o11y;
  }

  @Override
  public Object invoke(MethodInvocation invocation) throws Throwable {
    O11y current = sdk;
    if (current == null) {
      current = o11y.getIfAvailable();
      if (current == null) {
        return invocation.proceed(); // before the SDK bean exists
      }
      sdk = current;
    }
    Method method = invocation.getMethod();
    Class<?> targetClass = invocation.getThis() == null
        ? method.getDeclaringClass()
        : AopUtils.getTargetClass(invocation.getThis());
    Map<Method, Operation> byMethod = operations.get(targetClass);
    if (byMethod == null) {
      byMethod = operations.computeIfAbsent(targetClass, c -> new ConcurrentHashMap<>());
    }
    Operation operation = byMethod.get(method);
    if (operation == null) {
      O11y resolving = current;
      operation = byMethod.computeIfAbsent(method, m -> resolve(resolving, m, targetClass));
      if (operation == null) {
        return invocation.proceed(); // no operation could be made: counted and logged, the call goes on
      }
    }
    return SdkInternals.instrumenter(current).invoke(operation, MethodInvocation::proceed, invocation);
  }

  /**
   * Inside an application call, so it never throws: the singletons' operations were resolved when
   * the context started ({@link InterceptionScanner}), this meets only beans made later.
   */
  private static Operation resolve(O11y sdk, Method method, Class<?> targetClass) {
    return SdkInternals.operations(sdk).resolveDuringCall(() -> declaration(method, targetClass));
  }

  /** What a call of {@code method} on a {@code targetClass} bean is monitored as. */
  static OperationDescriptor declaration(Method method, Class<?> targetClass) {
    return MonitoredMethods.describe(MonitoredMethods.find(method, targetClass), method, targetClass);
  }
}
