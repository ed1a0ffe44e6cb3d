package dev.o11y.sdk.internal.tracing;

import dev.o11y.sdk.O11yConfigurationException;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import java.util.List;

/**
 * Turns OpenTelemetry's configuration errors into O11y's. OpenTelemetry quotes the offending value,
 * and its OTLP header values are API keys and tokens: an error about them names the key only, and
 * drops the cause, whose message quotes the value too. A failed startup's message is logged.
 */
final class OtelConfigurationErrors {

  private static final String PREFIX = "OpenTelemetry configuration is invalid: ";
  private static final String WHERE =
      " (check the otel.* properties, OTEL_* environment variables and otel.* system properties)";
  private static final List<String> CREDENTIAL_KEYS = List.of(
      "otel.exporter.otlp.headers",
      "otel.exporter.otlp.traces.headers",
      "otel.exporter.otlp.metrics.headers",
      "otel.exporter.otlp.logs.headers");

  private OtelConfigurationErrors() {}

  /** {@code config} is what OpenTelemetry was configured with, or null if it failed before. */
  static O11yConfigurationException translate(ConfigurationException error, ConfigProperties config) {
    String message = String.valueOf(error.getMessage());
    for (String key : CREDENTIAL_KEYS) {
      String value = config == null ? null : config.getString(key);
      if (value != null && !value.isBlank() && (message.contains(key) || quotesAnyPart(message, value))) {
        return new O11yConfigurationException(PREFIX + key
            + " must be comma-separated name=value pairs, values URL-encoded: name1=value1,name2=value2"
            + " (the value is not shown: it may hold credentials)" + WHERE);
      }
    }
    return new O11yConfigurationException(PREFIX + message + WHERE, error);
  }

  /** The whole value or one header's value: OpenTelemetry quotes the header it could not decode. */
  private static boolean quotesAnyPart(String message, String value) {
    if (message.contains(value)) {
      return true;
    }
    for (String header : value.split(",")) {
      String headerValue = header.substring(header.indexOf('=') + 1).trim();
      if (!headerValue.isEmpty() && message.contains(headerValue)) {
        return true;
      }
    }
    return false;
  }
}
