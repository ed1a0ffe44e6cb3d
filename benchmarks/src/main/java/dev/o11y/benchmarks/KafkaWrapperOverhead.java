package dev.o11y.benchmarks;

import dev.o11y.sdk.O11y;
import dev.o11y.sdk.internal.context.MdcContextStorage;
import dev.o11y.sdk.kafka.KafkaO11y;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Kafka wrapper's own cost per record, with the broker taken out: the delegate producer acks
 * each record at once on the sending thread ({@link InMemoryProducer}) and the delegate consumer's
 * {@code poll} hands back the same 500 records every time. Raw and wrapped run the same application
 * code (a send callback that counts failures; a handler that reads the value). {@link
 * KafkaThroughput} is the end-to-end truth through a real broker; this isolates what the wrapper
 * adds to it, without the broker's noise.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1) // never 0: the raw states must not share a JVM with O11y's context-storage wrapper
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class KafkaWrapperOverhead {

  static final int BATCH = 500;
  static final String TOPIC = "orders";
  static final String VALUE = "x".repeat(100);

  @Benchmark
  public Future<RecordMetadata> sendRaw(RawClients state) {
    return state.producer.send(new ProducerRecord<>(TOPIC, "order-42", VALUE), state.callback);
  }

  @Benchmark
  public Future<RecordMetadata> sendWrapped(WrappedClients state) {
    return state.producer.send(new ProducerRecord<>(TOPIC, "order-42", VALUE), state.callback);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long pollAndHandleRaw(RawClients state) {
    for (ConsumerRecord<String, String> record : state.consumer.poll(Duration.ZERO)) {
      state.handled += record.value().length();
    }
    return state.handled;
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long pollAndHandleWrapped(WrappedClients state) throws Exception {
    state.kafka.forEachRecord(state.consumer.poll(Duration.ZERO),
        record -> state.handled += record.value().length());
    return state.handled;
  }

  /** What the application itself does on both sides. */
  @State(Scope.Thread)
  public static class RawClients {
    final InMemoryProducer<String, String> inMemory = new InMemoryProducer<>();
    Producer<String, String> producer = inMemory;
    Consumer<String, String> consumer = fixedBatchConsumer();
    long failed;
    long handled;
    final Callback callback = (metadata, exception) -> {
      if (exception != null) {
        failed++;
      }
    };
  }

  /** The same clients through {@code KafkaO11y.wrap}; spans sampled or not, export off. */
  @State(Scope.Thread)
  public static class WrappedClients extends RawClients {
    @Param({"sampled", "unsampled"})
    String sampling;

    O11y o11y;
    KafkaO11y kafka;

    @Setup(Level.Trial)
    public void setUp() {
      o11y = O11y.builder().serviceName("bench").otlpEndpoint("none")
          .sampler(sampling.equals("sampled") ? Sampler.alwaysOn() : Sampler.alwaysOff()).build();
      if (!MdcContextStorage.isInstalled()) {
        throw new IllegalStateException("o11y's MDC context storage is not installed in this fork");
      }
      kafka = KafkaO11y.create(o11y);
      producer = kafka.wrap(inMemory);
      consumer = kafka.wrap(consumer);
    }

    /** Fails the run if the wrapper did not do its work: a no-op must not pass as fast. */
    @TearDown(Level.Trial)
    public void checkRecordedAndClose() {
      try {
        Counter sent = o11y.meterRegistry().find("messaging.client.sent.messages").counter();
        Timer processed = o11y.meterRegistry().find("messaging.process.duration").timer();
        if (inMemory.sent > 0 && (sent == null || sent.count() != inMemory.sent || inMemory.headerBytes < 55 * inMemory.sent)) {
          throw new IllegalStateException("sends were not counted or carried no traceparent");
        }
        if (handled > 0 && (processed == null || processed.count() == 0)) {
          throw new IllegalStateException("records were handled without the wrapper's span and timer");
        }
      } finally {
        o11y.close();
      }
    }
  }

  /** A consumer whose every poll returns the same records, each from its own upstream trace. */
  @SuppressWarnings("unchecked")
  static Consumer<String, String> fixedBatchConsumer() {
    TopicPartition partition = new TopicPartition(TOPIC, 0);
    SplittableRandom random = new SplittableRandom(7);
    HexFormat hex = HexFormat.of();
    long now = System.currentTimeMillis();
    List<ConsumerRecord<String, String>> records = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      String traceparent = "00-" + hex.toHexDigits(random.nextLong() | 1) + hex.toHexDigits(random.nextLong())
          + "-" + hex.toHexDigits(random.nextLong() | 1) + "-01";
      RecordHeaders headers = new RecordHeaders();
      headers.add("traceparent", traceparent.getBytes(StandardCharsets.US_ASCII));
      records.add(new ConsumerRecord<>(TOPIC, 0, i, now, TimestampType.CREATE_TIME, 8, VALUE.length(),
          "order-" + i, VALUE, headers, Optional.empty()));
    }
    ConsumerRecords<String, String> batch = new ConsumerRecords<>(Map.of(partition, records), Map.of());
    ConsumerGroupMetadata group = new ConsumerGroupMetadata("bench");
    return (Consumer<String, String>) Proxy.newProxyInstance(Consumer.class.getClassLoader(),
        new Class<?>[] {Consumer.class}, (proxy, method, args) -> switch (method.getName()) {
          case "poll" -> batch;
          case "groupMetadata" -> group;
          case "metrics" -> Map.of();
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          case "toString" -> "fixed-batch consumer";
          default -> null;
        });
  }
}
