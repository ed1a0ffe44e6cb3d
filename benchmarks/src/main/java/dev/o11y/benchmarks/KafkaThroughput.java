package dev.o11y.benchmarks;

import dev.o11y.sdk.O11y;
import dev.o11y.sdk.kafka.KafkaO11y;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Records per second through a real in-process KRaft broker, raw clients against wrapped ones,
 * alternating in the same run so both see the same machine. Consumption with the wrapper includes
 * {@code forEachRecord}: a span and MDC per record. Spans are created and sampled, export is off.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.o11y.benchmarks.KafkaThroughput [records] [rounds]</pre>
 */
public final class KafkaThroughput {

  private static final String VALUE = "x".repeat(100);

  public static void main(String[] args) throws Exception {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
    broker.afterPropertiesSet();
    try (O11y o11y = O11y.builder().serviceName("kafka-bench").otlpEndpoint("none").build()) {
      KafkaO11y kafka = KafkaO11y.create(o11y);
      double[] raw = new double[2];
      double[] wrapped = new double[2];
      for (int round = 1; round <= rounds; round++) {
        String rawTopic = "raw-" + round;
        String wrappedTopic = "wrapped-" + round;
        double rawProduce = produce(new KafkaProducer<>(producerProps(broker)), rawTopic, records);
        double wrappedProduce = produce(kafka.wrap(new KafkaProducer<>(producerProps(broker))), wrappedTopic, records);
        double rawConsume = consume(new KafkaConsumer<>(consumerProps(broker, rawTopic)), rawTopic, records, null);
        double wrappedConsume = consume(kafka.wrap(new KafkaConsumer<>(consumerProps(broker, wrappedTopic))),
            wrappedTopic, records, kafka);
        System.out.printf("round %d: produce raw %.0f/s wrapped %.0f/s | consume raw %.0f/s wrapped %.0f/s%n",
            round, rawProduce, wrappedProduce, rawConsume, wrappedConsume);
        if (round > 1) { // round 1 warms the JIT and the broker
          raw[0] += rawProduce;
          wrapped[0] += wrappedProduce;
          raw[1] += rawConsume;
          wrapped[1] += wrappedConsume;
        }
      }
      int counted = Math.max(1, rounds - 1);
      System.out.println();
      System.out.println("| path | raw records/s | wrapped records/s | wrapped / raw |");
      System.out.println("|---|---:|---:|---:|");
      System.out.printf("| produce (send + ack) | %.0f | %.0f | %.2f |%n", raw[0] / counted, wrapped[0] / counted, wrapped[0] / raw[0]);
      System.out.printf("| consume (poll + handle) | %.0f | %.0f | %.2f |%n", raw[1] / counted, wrapped[1] / counted, wrapped[1] / raw[1]);
    } finally {
      broker.destroy();
    }
  }

  private static double produce(Producer<String, String> producer, String topic, int records) {
    try (producer) {
      long start = System.nanoTime();
      for (int i = 0; i < records; i++) {
        producer.send(new ProducerRecord<>(topic, Integer.toString(i), VALUE));
      }
      producer.flush();
      return records / ((System.nanoTime() - start) / 1e9);
    }
  }

  private static double consume(Consumer<String, String> consumer, String topic, int records, KafkaO11y kafka)
      throws Exception {
    try (consumer) {
      consumer.subscribe(List.of(topic));
      long[] seen = {0};
      long start = System.nanoTime();
      long deadline = start + Duration.ofMinutes(2).toNanos();
      while (seen[0] < records && System.nanoTime() < deadline) {
        var polled = consumer.poll(Duration.ofMillis(200));
        if (kafka == null) {
          polled.forEach(record -> seen[0] += record.value().length() > 0 ? 1 : 0);
        } else {
          kafka.forEachRecord(polled, record -> seen[0] += record.value().length() > 0 ? 1 : 0);
        }
      }
      if (seen[0] < records) {
        throw new IllegalStateException("consumed only " + seen[0] + " of " + records + " from " + topic);
      }
      return records / ((System.nanoTime() - start) / 1e9);
    }
  }

  private static Properties producerProps(EmbeddedKafkaKraftBroker broker) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    return props;
  }

  private static Properties consumerProps(EmbeddedKafkaKraftBroker broker, String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + topic);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    return props;
  }
}
