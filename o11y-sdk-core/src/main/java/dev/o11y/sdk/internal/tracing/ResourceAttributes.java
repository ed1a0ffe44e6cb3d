package dev.o11y.sdk.internal.tracing;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code OTEL_RESOURCE_ATTRIBUTES} read as OpenTelemetry reads it ({@code key=value} pairs separated by
 * commas, values percent-decoded), for the settings the SDK also puts on metrics and log lines:
 * {@code service.name}, {@code service.version}, {@code deployment.environment.name}. A malformed pair
 * is skipped here; OpenTelemetry's own parsing then fails the build naming the key.
 */
public final class ResourceAttributes {

  private ResourceAttributes() {}

  public static Map<String, String> parse(String text) {
    if (text == null || text.isBlank()) {
      return Map.of();
    }
    Map<String, String> attributes = new HashMap<>();
    for (String pair : text.split(",")) {
      int equals = pair.indexOf('=');
      if (equals <= 0) {
        continue;
      }
      String key = pair.substring(0, equals).trim();
      String value = pair.substring(equals + 1).trim();
      if (!key.isEmpty() && !value.isEmpty()) {
        attributes.put(key, decode(value));
      }
    }
    return attributes;
  }

  private static String decode(String value) {
    try {
      return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformedEscape) {
      return value;
    }
  }
}
