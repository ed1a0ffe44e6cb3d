package dev.o11y.sdk.internal.logging;

import dev.o11y.sdk.internal.Conventions;

/**
 * What the JSON log encoder adds to every line. Logging is configured per process before any
 * {@code O11y} exists, so this is process-wide: it starts from the environment and the most
 * recently built {@code O11y} replaces it.
 */
public final class LogFields {

  record Values(String service, String env, String version, Conventions conventions) {}

  private static volatile Values current =
      new Values(
          envOr("OTEL_SERVICE_NAME", "unknown_service:java"),
          envOr("O11Y_ENV", "unknown"),
          envOr("O11Y_VERSION", "unknown"),
          Conventions.none());

  private LogFields() {}

  public static void set(String service, String env, String version, Conventions conventions) {
    current = new Values(service, env, version, conventions);
  }

  static Values current() {
    return current;
  }

  private static String envOr(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
