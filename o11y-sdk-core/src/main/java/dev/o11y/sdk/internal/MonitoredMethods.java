package dev.o11y.sdk.internal;

import dev.o11y.sdk.Monitored;
import dev.o11y.sdk.OperationDescriptor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Finds which {@link Monitored} governs a method and turns it into an {@link OperationDescriptor}. */
public final class MonitoredMethods {

  private MonitoredMethods() {}

  /**
   * The annotation governing calls of {@code method} on an instance of {@code targetClass}: the
   * implementation method's own, else the declared (interface) method's, else — for public methods
   * only — the implementation type's, else the declaring type's. {@code null} when none applies.
   */
  public static Monitored find(Method method, Class<?> targetClass) {
    Method implementation = implementationOf(method, targetClass);
    if (implementation != null && implementation.isAnnotationPresent(Monitored.class)) {
      return implementation.getAnnotation(Monitored.class);
    }
    if (method.isAnnotationPresent(Monitored.class)) {
      return method.getAnnotation(Monitored.class);
    }
    if (!Modifier.isPublic(method.getModifiers()) || method.getDeclaringClass() == Object.class) {
      return null;
    }
    Monitored onType = targetClass.getAnnotation(Monitored.class);
    return onType != null ? onType : method.getDeclaringClass().getAnnotation(Monitored.class);
  }

  public static OperationDescriptor describe(Monitored monitored, Method method, Class<?> targetClass) {
    String where = signature(annotatedIn(method, targetClass), method);
    boolean typeLevel = !method.isAnnotationPresent(Monitored.class)
        && !hasOwnAnnotation(method, targetClass);
    // a type-level name would give every method the same operation; the type's name is a prefix then
    String name = monitored.value().isBlank()
        ? defaultName(targetClass, method)
        : typeLevel ? monitored.value() + "." + method.getName() : monitored.value();
    return new OperationDescriptor(
        name, targetClass, method.getName(), Objectives.from(monitored.slo(), where));
  }

  /** {@code SimpleClassName.method}; anonymous and synthetic classes fall back to the declaring type. */
  public static String defaultName(Class<?> targetClass, Method method) {
    Class<?> named = targetClass;
    if (isGenerated(named)) {
      Class<?> parent = named.getSuperclass();
      named = parent != null && parent != Object.class ? parent : method.getDeclaringClass();
    }
    return named.getSimpleName() + "." + method.getName();
  }

  /**
   * The type whose source carries the annotation, in lookup order, for messages: a lambda's or
   * proxy's class name would point nowhere a reader can look.
   */
  private static Class<?> annotatedIn(Method method, Class<?> targetClass) {
    Method implementation = implementationOf(method, targetClass);
    if (implementation != null && implementation.isAnnotationPresent(Monitored.class)) {
      return implementation.getDeclaringClass();
    }
    if (method.isAnnotationPresent(Monitored.class)) {
      return method.getDeclaringClass();
    }
    return targetClass.isAnnotationPresent(Monitored.class) && !isGenerated(targetClass)
        ? targetClass : method.getDeclaringClass();
  }

  /** Anonymous classes, lambdas and CGLIB/ByteBuddy subclasses have no name a reader would know. */
  private static boolean isGenerated(Class<?> type) {
    return type.isAnonymousClass() || type.isSynthetic() || type.getSimpleName().contains("$$");
  }

  /** {@code com.example.Orders.find(long)}, as shown in error messages and the startup report. */
  public static String signature(Class<?> type, Method method) {
    String params = Arrays.stream(method.getParameterTypes())
        .map(Class::getSimpleName)
        .collect(Collectors.joining(", "));
    return type.getName() + "." + method.getName() + "(" + params + ")";
  }

  private static boolean hasOwnAnnotation(Method method, Class<?> targetClass) {
    Method implementation = implementationOf(method, targetClass);
    return implementation != null && implementation.isAnnotationPresent(Monitored.class);
  }

  static Method implementationOf(Method method, Class<?> targetClass) {
    for (Class<?> c = targetClass; c != null && c != Object.class; c = c.getSuperclass()) {
      try {
        return c.getDeclaredMethod(method.getName(), method.getParameterTypes());
      } catch (NoSuchMethodException ignored) {
        // keep walking up
      }
    }
    return null;
  }
}
