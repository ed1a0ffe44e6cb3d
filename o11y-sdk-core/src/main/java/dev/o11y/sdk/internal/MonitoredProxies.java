package dev.o11y.sdk.internal;

import dev.o11y.sdk.Monitored;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** {@code o11y.instrument(Iface.class, impl)}: a JDK proxy honouring {@code @Monitored}. */
public final class MonitoredProxies {

  private final OperationRegistry operations;
  private final Instrumenter instrumenter;
  private final InterceptionReport report;

  public MonitoredProxies(OperationRegistry operations, Instrumenter instrumenter, InterceptionReport report) {
    this.operations = operations;
    this.instrumenter = instrumenter;
    this.report = report;
  }

  public <T> T instrument(Class<T> iface, T target) {
    if (iface == null || !iface.isInterface()) {
      throw new IllegalArgumentException("instrument(iface, target): " + iface + " is not an interface");
    }
    if (target == null) {
      throw new IllegalArgumentException("instrument(" + iface.getSimpleName() + ", target): target is null");
    }
    Class<?> targetClass = target.getClass();
    // resolve every operation now, so an invalid @Slo fails at startup rather than on first call
    Map<Method, Target> byMethod = new HashMap<>();
    for (Method method : iface.getMethods()) {
      if (Modifier.isStatic(method.getModifiers())) {
        continue;
      }
      // a non-public interface (common in tests and small apps) is not callable reflectively otherwise
      method.trySetAccessible();
      Monitored monitored = MonitoredMethods.find(method, targetClass);
      Operation operation = monitored == null
          ? null
          : operations.resolve(MonitoredMethods.describe(monitored, method, targetClass));
      byMethod.put(method, new Target(target, method, operation));
    }
    reportUnreachable(iface, targetClass);
    Object proxy = Proxy.newProxyInstance(
        iface.getClassLoader(), new Class<?>[] {iface}, new Handler(target, Map.copyOf(byMethod), instrumenter));
    return iface.cast(proxy);
  }

  private void reportUnreachable(Class<?> iface, Class<?> targetClass) {
    boolean typeLevel = targetClass.isAnnotationPresent(Monitored.class);
    for (Class<?> c = targetClass; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Method method : c.getDeclaredMethods()) {
        if (method.isSynthetic() || method.isBridge()) {
          continue;
        }
        boolean annotated = method.isAnnotationPresent(Monitored.class);
        int modifiers = method.getModifiers();
        if (!annotated && !(typeLevel && Modifier.isPublic(modifiers) && !Modifier.isStatic(modifiers))) {
          continue;
        }
        String where = MonitoredMethods.signature(c, method);
        if (Modifier.isPrivate(modifiers)) {
          report.add(where, "private method: calls never leave the object, so no proxy sees them");
        } else if (Modifier.isStatic(modifiers)) {
          report.add(where, "static method: no instance, so no proxy; use o11y.observe(..) inside it");
        } else if (!declares(iface, method)) {
          report.add(where, "not declared by " + iface.getName()
              + ", the interface the proxy implements; add it there or use o11y.observe(..)");
        }
      }
    }
  }

  /**
   * Whether a call through the interface reaches {@code method}: declared there as it is, or as a
   * generic method it implements ({@code Handler<Order>.handle(T)} for {@code handle(Order)}, reached
   * through the compiler's bridge method, which carries the annotation). {@code toString}, {@code
   * equals} and {@code hashCode} are not reported: a class-level {@code @Monitored} is not meant for them.
   */
  private static boolean declares(Class<?> iface, Method method) {
    if (overridesObjectMethod(method)) {
      return true;
    }
    for (Method declared : iface.getMethods()) {
      if (declared.getName().equals(method.getName()) && accepts(declared.getParameterTypes(), method.getParameterTypes())) {
        return true;
      }
    }
    return false;
  }

  private static boolean accepts(Class<?>[] declared, Class<?>[] implemented) {
    if (declared.length != implemented.length) {
      return false;
    }
    for (int i = 0; i < declared.length; i++) {
      if (!declared[i].isAssignableFrom(implemented[i])) {
        return false;
      }
    }
    return true;
  }

  private static boolean overridesObjectMethod(Method method) {
    try {
      Object.class.getMethod(method.getName(), method.getParameterTypes());
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  /**
   * One interface method bound to the implementation (made accessible) and its operation, null when
   * not monitored. It is also the body the instrumenter runs, so a call allocates no lambda.
   */
  private record Target(Object receiver, Method method, Operation operation)
      implements Instrumenter.Body<Object[], Object> {
    @Override
    public Object run(Object[] args) throws Throwable {
      try {
        return method.invoke(receiver, args);
      } catch (InvocationTargetException e) {
        throw e.getCause(); // the user's own exception, unchanged
      }
    }
  }

  private static final class Handler implements InvocationHandler {
    private final Object target;
    private final Map<Method, Target> targets;
    private final Instrumenter instrumenter;

    Handler(Object target, Map<Method, Target> targets, Instrumenter instrumenter) {
      this.target = target;
      this.targets = targets;
      this.instrumenter = instrumenter;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      Target resolved = targets.get(method);
      if (resolved == null) {
        if (method.getDeclaringClass() == Object.class && method.getName().equals("equals")) {
          return proxy == args[0] || target.equals(args[0]);
        }
        return new Target(target, method, null).run(args);
      }
      if (resolved.operation() == null) {
        return resolved.run(args);
      }
      return instrumenter.invoke(resolved.operation(), resolved, args);
    }
  }
}
