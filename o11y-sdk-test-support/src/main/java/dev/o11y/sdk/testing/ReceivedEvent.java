package dev.o11y.sdk.testing;

import java.util.Map;
import java.util.Objects;

/** A span event (for example {@code exception}) as received over OTLP. */
public record ReceivedEvent(String name, Map<String, Object> attributes) {

  public ReceivedEvent {
    Objects.requireNonNull(name, "name");
    attributes = Map.copyOf(attributes);
  }
}
