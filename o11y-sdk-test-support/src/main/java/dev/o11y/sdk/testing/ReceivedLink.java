package dev.o11y.sdk.testing;

import java.util.Map;
import java.util.Objects;

/** A span link as received over OTLP; ids are lowercase hex like {@link ReceivedSpan}'s. */
public record ReceivedLink(String traceId, String spanId, Map<String, Object> attributes) {

  public ReceivedLink {
    Objects.requireNonNull(traceId, "traceId");
    Objects.requireNonNull(spanId, "spanId");
    attributes = Map.copyOf(attributes);
  }
}
