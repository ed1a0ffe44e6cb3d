package dev.o11y.sdk.spring.internal;

import dev.o11y.sdk.Monitored;
import dev.o11y.sdk.O11y;
import dev.o11y.sdk.internal.MonitoredMethods;
import dev.o11y.sdk.internal.Operation;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;

/** Runs each {@code @Monitored} bean method through the core's instrumenter. */
final class MonitoredMethodInterceptor implements MethodInterceptor {

  private record Key(Method method, Class<?> targetClass) {}

  private final ObjectProvider<O11y> o11y;
  private final Map<Key, Operation> operations = new ConcurrentHashMap<>();

  MonitoredMethodInterceptor(ObjectProvider<O11y> o11y) {
    this.o11y = o11y;
  }

  @Override
  public Object invoke(MethodInvocation invocation) throws Throwable {
    O11y sdk = o11y.getIfAvailable();
    if (sdk == null) {
      return invocation.proceed(); // during shutdown, or before the SDK bean exists
    }
    Class<?> targetClass = invocation.getThis() == null
        ? invocation.getMethod().getDeclaringClass()
        : AopUtils.getTargetClass(invocation.getThis());
    Operation operation = operations.computeIfAbsent(
        new Key(invocation.getMethod(), targetClass), key -> resolve(sdk, key));
    return sdk.instrumenter().invoke(operation, MethodInvocation::proceed, invocation);
  }

  private static Operation resolve(O11y sdk, Key key) {
    Monitored monitored = MonitoredMethods.find(key.method(), key.targetClass());
    return sdk.operations().resolve(MonitoredMethods.describe(monitored, key.method(), key.targetClass()));
  }
}
