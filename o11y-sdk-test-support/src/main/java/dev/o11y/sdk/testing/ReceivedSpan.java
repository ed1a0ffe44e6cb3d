package dev.o11y.sdk.testing;

import java.util.List;
import java.util.Map;

/** A span as the collector received it, decoded from OTLP protobuf. Ids are lowercase hex. */
public record ReceivedSpan(
    String traceId,
    String spanId,
    String parentSpanId,
    String name,
    String kind,
    String statusCode,
    String statusMessage,
    Map<String, Object> attributes,
    List<ReceivedEvent> events,
    List<ReceivedLink> links,
    Map<String, Object> resource,
    String scopeName,
    long startEpochNanos,
    long endEpochNanos) {

  /** A string attribute, or null. */
  public String attr(String key) {
    Object value = attributes.get(key);
    return value == null ? null : value.toString();
  }

  public boolean isRoot() {
    return parentSpanId.isEmpty();
  }

  public record ReceivedEvent(String name, Map<String, Object> attributes) {}

  public record ReceivedLink(String traceId, String spanId, Map<String, Object> attributes) {}
}
