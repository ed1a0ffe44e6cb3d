package dev.o11y.sdk.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.o11y.sdk.O11y;
import dev.o11y.sdk.kafka.KafkaO11y;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.RecordDeserializationException.DeserializationExceptionOrigin;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/**
 * A poison record whose dead letter cannot be stored (the dead-letter topic missing, the broker
 * refusing) is not skipped and not hidden: poll throws the deserialization failure it would throw
 * without dead letters, with the dead letter's own failure attached, and the consumer stays on it.
 */
class DeadLetterFailureTest {

  @Test
  void aDeadLetterThatCannotBeStoredLeavesTheRecordWhereItWas() {
    TopicPartition partition = new TopicPartition("orders", 0);
    RecordDeserializationException poison = new RecordDeserializationException(DeserializationExceptionOrigin.VALUE,
        partition, 5L, 0L, TimestampType.CREATE_TIME, null,
        ByteBuffer.wrap("not json".getBytes(StandardCharsets.UTF_8)), new RecordHeaders(), "bad value", null);
    MockConsumer<String, String> raw = new MockConsumer<>("earliest");
    raw.assign(List.of(partition));
    raw.updateBeginningOffsets(java.util.Map.of(partition, 0L));
    raw.seek(partition, 5L);
    raw.setPollException(poison);
    IllegalStateException refused = new IllegalStateException("dead-letter topic orders-dlt does not exist");
    @SuppressWarnings("unchecked")
    Producer<byte[], byte[]> failing = (Producer<byte[], byte[]>) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {Producer.class}, (proxy, method, args) -> {
          if (method.getName().equals("send")) {
            throw refused;
          }
          return null;
        });

    try (O11y o11y = O11y.builder().serviceName("orders").otlpEndpoint("none").build()) {
      Consumer<String, String> consumer = KafkaO11y.create(o11y).withDeadLetters(failing).wrap(raw);
      Throwable thrown = catchThrowable(() -> consumer.poll(Duration.ofMillis(10)));

      assertThat(thrown).isSameAs(poison);
      assertThat(thrown.getSuppressed()).containsExactly(refused);
      assertThat(raw.position(partition)).as("still on the poison record").isEqualTo(5L);
    }
  }
}
