package dev.o11y.sdk.kafka;

import dev.o11y.sdk.O11y;
import dev.o11y.sdk.kafka.internal.DeadLetters;
import dev.o11y.sdk.kafka.internal.Destinations;
import dev.o11y.sdk.kafka.internal.MessagingMetrics;
import dev.o11y.sdk.kafka.internal.PolledGroup;
import dev.o11y.sdk.kafka.internal.RecordProcessor;
import dev.o11y.sdk.kafka.internal.TracingConsumer;
import dev.o11y.sdk.kafka.internal.TracingProducer;
import java.util.Objects;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;

/**
 * Kafka for o11y-sdk, in the style of brave's {@code KafkaTracing}:
 *
 * <pre>{@code
 * KafkaO11y kafka = KafkaO11y.create(o11y);
 * Producer<String, String> producer = kafka.wrap(new KafkaProducer<>(props));   // traceparent in headers
 * Consumer<String, String> consumer = kafka.wrap(new KafkaConsumer<>(props));   // consumed, e2e latency, lag
 * kafka.forEachRecord(consumer.poll(timeout), record -> handle(record));        // a span + MDC per record
 * }</pre>
 */
public final class KafkaO11y {

  private final O11y o11y;
  private final Destinations destinations;
  private final RecordProcessor processor;
  private final DeadLetters deadLetters;

  private KafkaO11y(O11y o11y, Destinations destinations, DeadLetters deadLetters) {
    this.o11y = Objects.requireNonNull(o11y, "o11y");
    this.destinations = destinations;
    this.processor = new RecordProcessor(o11y, destinations);
    this.deadLetters = deadLetters;
  }

  public static KafkaO11y create(O11y o11y) {
    return new KafkaO11y(o11y, new Destinations(new MessagingMetrics(o11y.meterRegistry())), null);
  }

  /**
   * A copy whose wrapped consumers send records they cannot deserialize, byte for byte with their
   * headers, to {@code <topic>-dlt} through {@code producer}, then move past them. Without it such a
   * record makes {@code poll} throw, as plain Kafka does, and the consumer stays on it.
   */
  public KafkaO11y withDeadLetters(Producer<byte[], byte[]> producer) {
    return new KafkaO11y(o11y, destinations, new DeadLetters(wrap(Objects.requireNonNull(producer, "producer"))));
  }

  /** Sends become PRODUCER spans whose context travels in the record headers. */
  public <K, V> Producer<K, V> wrap(Producer<K, V> producer) {
    return TracingProducer.wrap(Objects.requireNonNull(producer, "producer"), o11y, destinations);
  }

  /** Polls count consumed records and end-to-end latency; the client's metrics (lag) are published. */
  public <K, V> Consumer<K, V> wrap(Consumer<K, V> consumer) {
    return TracingConsumer.wrap(Objects.requireNonNull(consumer, "consumer"), destinations, o11y.meterRegistry(), deadLetters);
  }

  /** For frameworks that publish the client's metrics themselves. */
  <K, V> Consumer<K, V> wrapWithoutClientMetrics(Consumer<K, V> consumer) {
    return TracingConsumer.wrap(Objects.requireNonNull(consumer, "consumer"), destinations, null, deadLetters);
  }

  RecordProcessor processor() {
    return processor;
  }

  /**
   * Runs {@code handler} for each record in its own CONSUMER span, a child of the span that produced
   * it, with that record's {@code trace_id} in the MDC. The first exception stops the loop and is
   * rethrown unchanged, after the failing record's span recorded it.
   */
  public <K, V> void forEachRecord(Iterable<ConsumerRecord<K, V>> records, RecordHandler<K, V> handler)
      throws Exception {
    forEachRecord(records, PolledGroup.current(), handler);
  }

  /** As {@link #forEachRecord(Iterable, RecordHandler)}, naming the consumer group for the metrics. */
  public <K, V> void forEachRecord(Iterable<ConsumerRecord<K, V>> records, String consumerGroup,
      RecordHandler<K, V> handler) throws Exception {
    for (ConsumerRecord<K, V> record : records) {
      processor.process(record, consumerGroup, handler);
    }
  }

  /** One record, for frameworks that hand records over one at a time. */
  public <K, V> void process(ConsumerRecord<K, V> record, String consumerGroup, RecordHandler<K, V> handler)
      throws Exception {
    processor.process(record, consumerGroup, handler);
  }
}
