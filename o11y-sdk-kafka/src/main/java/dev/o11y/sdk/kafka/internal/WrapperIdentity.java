package dev.o11y.sdk.kafka.internal;

import java.lang.reflect.Method;

/**
 * {@code equals}, {@code hashCode} and {@code toString} of a wrapping proxy. Handed to the delegate
 * they go wrong: {@code wrapper.equals(wrapper)} asks the delegate whether it equals the proxy, which
 * it does not, so a wrapper could not even be removed from a list by itself. A wrapper is its own
 * identity; its text names the client it wraps.
 */
final class WrapperIdentity {

  private WrapperIdentity() {}

  /** True for the methods a proxy passes on with {@link Object} as their declaring class. */
  static boolean handles(Method method) {
    return method.getDeclaringClass() == Object.class;
  }

  static Object invoke(Object proxy, Method method, Object[] args, String wrapper, Object delegate) {
    return switch (method.getName()) {
      case "equals" -> proxy == args[0];
      case "hashCode" -> System.identityHashCode(proxy);
      default -> wrapper + "[" + delegate + "]"; // toString, the only other Object method a proxy passes on
    };
  }
}
