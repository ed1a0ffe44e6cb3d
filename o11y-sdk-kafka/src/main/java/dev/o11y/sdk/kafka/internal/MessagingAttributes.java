package dev.o11y.sdk.kafka.internal;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;

/** OpenTelemetry messaging semantic-convention attributes for Kafka spans. */
final class MessagingAttributes {

  static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
  static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
  static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.type");
  static final AttributeKey<String> GROUP = AttributeKey.stringKey("messaging.consumer.group.name");
  static final AttributeKey<String> PARTITION = AttributeKey.stringKey("messaging.destination.partition.id");
  static final AttributeKey<Long> OFFSET = AttributeKey.longKey("messaging.kafka.offset");

  private MessagingAttributes() {}

  static Attributes send(String topic) {
    return Attributes.of(SYSTEM, "kafka", DESTINATION, topic, OPERATION, "send");
  }

  static Attributes process(String topic, String group, int partition, long offset) {
    return Attributes.builder()
        .put(SYSTEM, "kafka").put(DESTINATION, topic).put(OPERATION, "process").put(GROUP, group)
        .put(PARTITION, Integer.toString(partition)).put(OFFSET, offset)
        .build();
  }
}
