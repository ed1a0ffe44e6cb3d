package dev.o11y.sdk.internal.logging;

import dev.o11y.sdk.internal.Conventions;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the JSON log encoder adds to every line. Logging is configured per process before any
 * {@code O11y} exists, so this is process-wide: it starts from the environment and the most
 * recently built {@code O11y} replaces it.
 */
public final class LogFields {

  record Values(String service, String env, String version, Conventions conventions) {}

  private static final AtomicReference<Values> current = new AtomicReference<>(
      new Values(
          envOr("OTEL_SERVICE_NAME", "unknown_service:java"),
          envOr("O11Y_ENV", "unknown"),
          envOr("O11Y_VERSION", "unknown"),
          Conventions.none()));

  private LogFields() {}

  /**
   * Replaces the fields. Closing the result puts the replaced ones back, for an {@code O11y} whose
   * construction failed after this; it does nothing once another {@code O11y} has replaced them.
   */
  public static AutoCloseable set(String service, String env, String version, Conventions conventions) {
    Values next = new Values(service, env, version, conventions);
    Values replaced = current.getAndSet(next);
    return () -> current.compareAndSet(next, replaced);
  }

  /**
   * The identity to write until an {@code O11y} is built, keeping the current conventions: for
   * integrations that know it before then (the Spring module, from the application's properties,
   * before Boot's first line). A null {@code service} keeps the current one.
   */
  public static void startWith(String service, String env, String version) {
    current.updateAndGet(values -> new Values(
        service == null ? values.service() : service, env, version, values.conventions()));
  }

  static Values current() {
    return current.get();
  }

  private static String envOr(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
