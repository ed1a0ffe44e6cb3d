package dev.o11y.sdk.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Handles one consumed record; may throw, and the exception reaches the caller unchanged. */
@FunctionalInterface
public interface RecordHandler<K, V> {
  void handle(ConsumerRecord<K, V> record) throws Exception;
}
