package dev.o11y.examples.kafka;

import dev.o11y.sdk.O11y;
import dev.o11y.sdk.kafka.KafkaO11y;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Places five orders, each in its own trace, publishes them to the {@code orders} topic and handles
 * them on the other side: every "fulfilling" log line carries the trace id of the order's request.
 *
 * <pre>./mvnw -q -f examples/kafka exec:java                                   # embedded KRaft broker
 * ./mvnw -q -f examples/kafka exec:java -Dexec.args="--bootstrap host:9092"   # your broker</pre>
 */
public final class OrderEventsMain {

  private static final Logger log = LoggerFactory.getLogger(OrderEventsMain.class);

  public static void main(String[] args) throws Exception {
    String bootstrap = args.length >= 2 && args[0].equals("--bootstrap") ? args[1] : null;
    EmbeddedKafkaKraftBroker broker = null;
    if (bootstrap == null) {
      broker = new EmbeddedKafkaKraftBroker(1, 1, "orders");
      broker.afterPropertiesSet();
      bootstrap = broker.getBrokersAsString();
    }
    try (O11y o11y = O11y.builder().serviceName("orders").environment("demo").build()) {
      KafkaO11y kafka = KafkaO11y.create(o11y);
      try (Producer<String, String> producer = kafka.wrap(new KafkaProducer<>(Map.<String, Object>of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
          ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
          ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class)))) {
        for (int i = 1; i <= 5; i++) {
          String order = "order-" + i;
          o11y.observe("place-order", () -> {
            log.info("placing {}", order);
            return producer.send(new ProducerRecord<>("orders", order, "2 x wobbler")).get();
          });
        }
      }
      try (Consumer<String, String> consumer = kafka.wrap(new KafkaConsumer<>(Map.<String, Object>of(
          ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
          ConsumerConfig.GROUP_ID_CONFIG, "fulfilment",
          ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
          ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
          ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class)))) {
        consumer.subscribe(List.of("orders"));
        int[] handled = {0};
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (handled[0] < 5 && System.nanoTime() < deadline) {
          kafka.forEachRecord(consumer.poll(Duration.ofMillis(500)), record -> {
            log.info("fulfilling {}", record.key()); // same trace_id as "placing" for this order
            handled[0]++;
          });
        }
      }
    } finally {
      if (broker != null) {
        broker.destroy();
      }
    }
  }
}
