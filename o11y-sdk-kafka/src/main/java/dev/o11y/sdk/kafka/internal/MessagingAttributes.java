package dev.o11y.sdk.kafka.internal;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;

/** OpenTelemetry messaging semantic-convention attributes for Kafka spans. */
final class MessagingAttributes {

  static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
  static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
  static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.type");
  static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("messaging.operation.name");
  static final AttributeKey<String> GROUP = AttributeKey.stringKey("messaging.consumer.group.name");
  static final AttributeKey<String> PARTITION = AttributeKey.stringKey("messaging.destination.partition.id");
  static final AttributeKey<Long> OFFSET = AttributeKey.longKey("messaging.kafka.offset");

  private MessagingAttributes() {}

  static Attributes send(String topic) {
    return Attributes.of(SYSTEM, "kafka", DESTINATION, topic, OPERATION, "send", OPERATION_NAME, "send");
  }

  /**
   * What every record of a topic shares; partition and offset are set per record on recording spans.
   * {@code group} is the consumer's own (null or empty: it has none to name), never the metrics' label.
   */
  static Attributes process(String topic, String group) {
    Attributes shared = Attributes.of(SYSTEM, "kafka", DESTINATION, topic, OPERATION, "process", OPERATION_NAME, "process");
    return Destinations.isNoGroup(group) ? shared : shared.toBuilder().put(GROUP, group).build();
  }

  /** Partition ids as strings (the convention's type) without a conversion per record. */
  static String partitionId(int partition) {
    return partition >= 0 && partition < PARTITION_IDS.length ? PARTITION_IDS[partition] : Integer.toString(partition);
  }

  private static final String[] PARTITION_IDS = new String[256];

  static {
    for (int i = 0; i < PARTITION_IDS.length; i++) {
      PARTITION_IDS[i] = Integer.toString(i);
    }
  }
}
