package dev.o11y.benchmarks;

import ch.qos.logback.classic.Level;
import dev.o11y.sdk.O11y;
import dev.o11y.sdk.kafka.KafkaO11y;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Records per second through a real in-process KRaft broker, raw clients against wrapped ones, in
 * one JVM, the order of the variants rotating each round so drift hits all of them alike. The
 * end-to-end truth; {@link KafkaWrapperOverhead} isolates the wrapper's own cost from the broker's.
 *
 * <p>What makes the comparison fair:
 * <ul>
 *   <li>produce: the raw and the wrapped producer run the same application code, a send callback
 *       that counts failures (what an application that cares about delivery does), and the raw
 *       records carry a 55-byte {@code traceparent} header, so the broker stores, and consumers
 *       parse, the same bytes. "raw bare" (no callback, no header) and "raw + header" show what
 *       the header and the callback cost by themselves;
 *   <li>consume: both consumers read the same topic, written once by the wrapped producer so every
 *       record carries its own trace; they {@code assign} the partition (no group rebalance inside
 *       the timing) and the clock starts at the first batch, which is not counted;
 *   <li>each producer is connected and knows its (pre-created) topic before the clock starts;
 *   <li>the first {@code warmup} rounds are discarded; medians over the rest, with the ratio taken
 *       per round (raw and wrapped of the same round saw the same machine).
 * </ul>
 * Spans are created and sampled (the default sampler); export is off, so this is the
 * application's own cost. On a busy machine the spread is large: read the min–max columns.
 *
 * <p>{@code work} sets what the consumers' handler does per record, as in the per-call benchmarks:
 * {@code trivial} (the default: the ratio is the wrapper against a nearly free loop, the worst case)
 * or {@code 10us} (about 10 µs of CPU per record, a handler that does something).
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.o11y.benchmarks.KafkaThroughput [records] [rounds] [warmup] [work]</pre>
 */
public final class KafkaThroughput {

  private static final String VALUE = "x".repeat(100);
  /** The size of the header the wrapper writes; the raw application carries an equal one. */
  private static final byte[] TRACEPARENT =
      "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01".getBytes(StandardCharsets.US_ASCII);

  private enum Variant {
    PRODUCE_BARE("produce, raw bare (no callback, no header)"),
    PRODUCE_HEADER("produce, raw + same-size header, no callback"),
    PRODUCE_RAW("produce, raw (callback + same-size header)"),
    PRODUCE_WRAPPED("produce, wrapped (same callback)"),
    CONSUME_RAW("consume, raw (poll + handler)"),
    CONSUME_WRAPPED("consume, wrapped (poll + forEachRecord)");

    final String label;

    Variant(String label) {
      this.label = label;
    }
  }

  private final EmbeddedKafkaKraftBroker broker;
  private final KafkaO11y kafka;
  private final int records;
  private final String source = "consume-source";

  private final Pricing handler;

  private KafkaThroughput(EmbeddedKafkaKraftBroker broker, KafkaO11y kafka, int records, Pricing handler) {
    this.broker = broker;
    this.kafka = kafka;
    this.records = records;
    this.handler = handler;
  }

  public static void main(String[] args) throws Exception {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    Pricing handler = Pricing.of(args.length > 3 ? args[3] : Pricing.TRIVIAL);
    if (rounds <= warmup) {
      throw new IllegalArgumentException("rounds must exceed warmup rounds");
    }
    quietBroker();
    EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
    broker.afterPropertiesSet();
    try (O11y o11y = O11y.builder().serviceName("kafka-bench").otlpEndpoint("none").build()) {
      new KafkaThroughput(broker, KafkaO11y.create(o11y), records, handler).run(rounds, warmup);
    } finally {
      broker.destroy();
    }
  }

  /** The in-process broker logs at INFO to the same stdout; that would be measured too. */
  private static void quietBroker() {
    for (String name : List.of("org.apache.kafka", "kafka", "state.change.logger")) {
      ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(name)).setLevel(Level.WARN);
    }
  }

  private void run(int rounds, int warmup) throws Exception {
    broker.addTopics(new NewTopic(source, 1, (short) 1));
    produce(Variant.PRODUCE_WRAPPED, source); // the same traced records for both consumers
    Map<Variant, List<Double>> rates = new LinkedHashMap<>();
    Variant[] order = Variant.values();
    for (int round = 1; round <= rounds; round++) {
      StringBuilder line = new StringBuilder("round " + round + (round <= warmup ? " (warm-up)" : "") + ":");
      Map<Variant, Double> thisRound = new LinkedHashMap<>();
      for (int i = 0; i < order.length; i++) {
        Variant variant = order[(i + round) % order.length];
        double rate = measure(variant, round);
        thisRound.put(variant, rate);
        line.append(String.format(" %s %.0f/s;", variant.name().toLowerCase(), rate));
      }
      System.out.println(line);
      if (round > warmup) {
        thisRound.forEach((variant, rate) -> rates.computeIfAbsent(variant, v -> new ArrayList<>()).add(rate));
      }
    }
    printTable(rates, rounds - warmup);
  }

  private double measure(Variant variant, int round) throws Exception {
    return switch (variant) {
      case PRODUCE_BARE, PRODUCE_HEADER, PRODUCE_RAW, PRODUCE_WRAPPED -> {
        String topic = variant.name().toLowerCase().replace('_', '-') + "-" + round;
        broker.addTopics(new NewTopic(topic, 1, (short) 1));
        try {
          yield produce(variant, topic);
        } finally {
          broker.doWithAdmin(admin -> admin.deleteTopics(List.of(topic))); // keeps the disk bounded
        }
      }
      case CONSUME_RAW -> consume(new KafkaConsumer<>(consumerProps()), false);
      case CONSUME_WRAPPED -> consume(kafka.wrap(new KafkaConsumer<String, String>(consumerProps())), true);
    };
  }

  private double produce(Variant variant, String topic) throws Exception {
    Producer<String, String> raw = new KafkaProducer<>(producerProps());
    try (Producer<String, String> producer = variant == Variant.PRODUCE_WRAPPED ? kafka.wrap(raw) : raw) {
      AtomicLong failed = new AtomicLong();
      Callback countFailures = (metadata, exception) -> {
        if (exception != null) {
          failed.incrementAndGet();
        }
      };
      producer.send(new ProducerRecord<>(topic, "connect", VALUE)).get(30, TimeUnit.SECONDS); // connection + metadata
      long start = System.nanoTime();
      for (int i = 0; i < records; i++) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, Integer.toString(i), VALUE);
        switch (variant) {
          case PRODUCE_BARE -> producer.send(record);
          case PRODUCE_HEADER -> {
            record.headers().add("traceparent", TRACEPARENT);
            producer.send(record);
          }
          case PRODUCE_RAW -> {
            record.headers().add("traceparent", TRACEPARENT);
            producer.send(record, countFailures);
          }
          default -> producer.send(record, countFailures);
        }
      }
      producer.flush();
      double rate = records / ((System.nanoTime() - start) / 1e9);
      if (failed.get() > 0) {
        throw new IllegalStateException(failed.get() + " sends failed to " + topic);
      }
      return rate;
    }
  }

  private double consume(Consumer<String, String> consumer, boolean wrapped) throws Exception {
    try (consumer) {
      TopicPartition partition = new TopicPartition(source, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long[] handled = {0};
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      long start = 0;
      long counted = 0;
      int total = records + 1; // the producer's connect record
      while (handled[0] < total && System.nanoTime() < deadline) {
        ConsumerRecords<String, String> polled = consumer.poll(Duration.ofMillis(200));
        if (wrapped) {
          kafka.forEachRecord(polled, record -> handled[0] += handle(record.value()));
        } else {
          polled.forEach(record -> handled[0] += handle(record.value()));
        }
        if (start == 0 && !polled.isEmpty()) {
          start = System.nanoTime(); // from the first batch on: fetch set-up is not the per-record cost
          counted = handled[0];
        }
      }
      if (handled[0] < total) {
        throw new IllegalStateException("consumed only " + handled[0] + " of " + total + " from " + source);
      }
      return (handled[0] - counted) / ((System.nanoTime() - start) / 1e9);
    }
  }

  /** 1 per record; the handler's result feeds it so the JIT cannot drop the work. */
  private int handle(String value) {
    return handler.price(value.length()) == Long.MIN_VALUE ? 0 : 1;
  }

  private static void printTable(Map<Variant, List<Double>> rates, int counted) {
    System.out.printf("%n%d measured rounds; records/s, median (min–max)%n%n", counted);
    System.out.println("| path | records/s | wrapped / raw (median of per-round ratios) |");
    System.out.println("|---|---:|---:|");
    for (Variant variant : Variant.values()) {
      List<Double> values = rates.get(variant);
      String ratio = switch (variant) {
        case PRODUCE_WRAPPED -> ratio(values, rates.get(Variant.PRODUCE_RAW))
            + " (vs bare: " + ratio(values, rates.get(Variant.PRODUCE_BARE)) + ")";
        case CONSUME_WRAPPED -> ratio(values, rates.get(Variant.CONSUME_RAW));
        default -> "";
      };
      System.out.printf("| %s | %.0f (%.0f–%.0f) | %s |%n", variant.label, median(values),
          values.stream().mapToDouble(Double::doubleValue).min().orElse(0),
          values.stream().mapToDouble(Double::doubleValue).max().orElse(0), ratio);
    }
  }

  private static String ratio(List<Double> wrapped, List<Double> raw) {
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < wrapped.size(); i++) {
      ratios.add(wrapped.get(i) / raw.get(i));
    }
    return String.format("%.2f", median(ratios));
  }

  private static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  private Properties producerProps() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    return props;
  }

  private Properties consumerProps() {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench"); // named for the metrics; assign() never joins it
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    return props;
  }
}
