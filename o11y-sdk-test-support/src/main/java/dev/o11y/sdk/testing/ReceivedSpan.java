package dev.o11y.sdk.testing;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A span exactly as the receiver decoded it from OTLP protobuf, so tests assert on what went over
 * the wire rather than on SDK objects.
 *
 * <p>Ids are lowercase hex ({@code traceId} 32 characters, {@code spanId} 16); {@code parentSpanId}
 * is {@code ""} for a root span. {@code statusCode} is {@code UNSET}, {@code OK} or {@code ERROR}.
 * Attribute values are {@link String}, {@link Long}, {@link Double}, {@link Boolean}, a {@link
 * List} of those (OTLP arrays), a {@link Map} (OTLP key-value lists) or a hex {@link String} (OTLP
 * bytes).
 */
public record ReceivedSpan(
    String traceId,
    String spanId,
    String parentSpanId,
    String name,
    Kind kind,
    String statusCode,
    String statusMessage,
    Map<String, Object> attributes,
    List<ReceivedEvent> events,
    List<ReceivedLink> links,
    Map<String, Object> resource,
    String scopeName,
    long startEpochNanos,
    long endEpochNanos) {

  /**
   * OTLP's span kind without the {@code SPAN_KIND_} prefix. {@code UNSPECIFIED} is kept rather than
   * read as {@code INTERNAL} so a test notices an exporter that never set the kind.
   */
  public enum Kind {
    UNSPECIFIED,
    INTERNAL,
    SERVER,
    CLIENT,
    PRODUCER,
    CONSUMER
  }

  public ReceivedSpan {
    Objects.requireNonNull(traceId, "traceId");
    Objects.requireNonNull(spanId, "spanId");
    Objects.requireNonNull(parentSpanId, "parentSpanId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(statusCode, "statusCode");
    Objects.requireNonNull(statusMessage, "statusMessage");
    Objects.requireNonNull(scopeName, "scopeName");
    attributes = Map.copyOf(attributes);
    events = List.copyOf(events);
    links = List.copyOf(links);
    resource = Map.copyOf(resource);
  }

  /**
   * The string attribute {@code key}, or null when the span does not have it.
   *
   * @throws AssertionError when the attribute exists with another type: semantic conventions fix
   *     attribute types, so reading {@code 200L} as {@code "200"} would hide a real bug
   */
  public String attr(String key) {
    Object value = attributes.get(key);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    throw new AssertionError("attribute " + key + " of span " + name + " is a "
        + value.getClass().getSimpleName() + " (" + value + "), not a string; use attributes().get(\""
        + key + "\")");
  }

  public boolean isRoot() {
    return parentSpanId.isEmpty();
  }
}
