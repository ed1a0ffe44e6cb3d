package dev.o11y.sdk;

/**
 * A method that carries {@link Monitored} but that the interception mechanism in use can never
 * reach, so its calls would go unobserved. Reported once at startup instead of silently ignored.
 *
 * @param method {@code com.example.OrderService.checkout(Cart)}
 * @param reason why calls never pass through the interceptor, and what to do about it
 */
public record InterceptionProblem(String method, String reason) {

  @Override
  public String toString() {
    return method + ": " + reason;
  }
}
