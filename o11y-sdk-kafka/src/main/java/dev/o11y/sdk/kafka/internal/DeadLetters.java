package dev.o11y.sdk.kafka.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Publishes a record that could not be deserialized, byte for byte, to {@code <topic>-dlt} (Spring
 * Kafka's default name), with its original headers — so its trace goes on — and where it came from.
 */
public final class DeadLetters {

  static final String SUFFIX = "-dlt";
  private static final long SEND_TIMEOUT_SECONDS = 10;

  private final Producer<byte[], byte[]> producer;

  /** @param producer an already traced producer, so the dead letter is a span in the record's trace */
  public DeadLetters(Producer<byte[], byte[]> producer) {
    this.producer = producer;
  }

  /** Returns only once the broker has the dead letter; throws if it could not be stored. */
  void publish(RecordDeserializationException failure) throws Exception {
    RecordHeaders headers = new RecordHeaders();
    if (failure.headers() != null) {
      for (Header header : failure.headers()) {
        headers.add(header);
      }
    }
    Throwable cause = failure.getCause() == null ? failure : failure.getCause();
    headers.add("o11y.dlt.exception", cause.getClass().getName().getBytes(StandardCharsets.UTF_8));
    headers.add("o11y.dlt.origin", String.valueOf(failure.origin()).getBytes(StandardCharsets.UTF_8));
    headers.add("o11y.dlt.partition", Integer.toString(failure.topicPartition().partition()).getBytes(StandardCharsets.UTF_8));
    headers.add("o11y.dlt.offset", Long.toString(failure.offset()).getBytes(StandardCharsets.UTF_8));
    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(failure.topicPartition().topic() + SUFFIX, null,
        bytes(failure.keyBuffer()), bytes(failure.valueBuffer()), headers);
    producer.send(record).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  private static byte[] bytes(ByteBuffer buffer) {
    if (buffer == null) {
      return null;
    }
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }
}
