package dev.o11y.sdk.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.o11y.sdk.O11y;
import dev.o11y.sdk.kafka.internal.spring.TracingRecordInterceptor;
import dev.o11y.sdk.testing.PrometheusScrape;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.IntegerDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** What a wrapped consumer does around the calls that fail, against a real in-process KRaft broker. */
class ConsumerWrapperTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static EmbeddedKafkaKraftBroker broker;

  private O11y o11y;
  private KafkaO11y kafka;
  private String topic;

  @BeforeAll
  static void startBroker() {
    broker = new EmbeddedKafkaKraftBroker(1, 1);
    broker.afterPropertiesSet();
  }

  @AfterAll
  static void stopBroker() {
    broker.destroy();
  }

  @BeforeEach
  void start() {
    o11y = O11y.builder().serviceName("orders").environment("test").otlpEndpoint("none").build();
    kafka = KafkaO11y.create(o11y);
    topic = "t-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void stop() {
    o11y.close();
  }

  /** A close that fails (a commit on close refused, an interrupt) must not leave the client's gauges behind. */
  @Test
  void theClientsMetricsGoWithTheConsumerEvenWhenItsCloseThrows() {
    IllegalStateException refused = new IllegalStateException("commit on close refused");
    KafkaConsumer<String, String> raw = new KafkaConsumer<>(consumerProps());
    Consumer<String, String> consumer = kafka.wrap(failingClose(raw, refused));
    assertThat(clientMetricNames()).as("published while the consumer lives").isNotEmpty();

    Throwable thrown = catchThrowable(consumer::close);

    assertThat(thrown).isSameAs(refused);
    assertThat(clientMetricNames()).as("kafka_consumer_* series left after close").isEmpty();
  }

  /**
   * Without dead letters the consumer stays on a poison record and every poll throws again: that is
   * one record that failed, not one per poll.
   */
  @Test
  void aRecordThatCannotBeDeserializedIsCountedOnceHoweverOftenPollThrowsOnIt() throws Exception {
    try (Producer<String, byte[]> producer = new KafkaProducer<>(producerProps(), new StringSerializer(),
        new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, 0, "good", ByteBuffer.allocate(4).putInt(1).array())).get();
      producer.send(new ProducerRecord<>(topic, 0, "poison", new byte[] {1, 2, 3})).get();
    }
    List<Integer> values = new ArrayList<>();
    int failedPolls = 0;
    try (Consumer<String, Integer> consumer = kafka.wrap(
        new KafkaConsumer<>(consumerProps(), new StringDeserializer(), new IntegerDeserializer()))) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (failedPolls < 3 && System.nanoTime() < deadline) {
        try {
          consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
        } catch (RecordDeserializationException stillOnIt) {
          assertThat(stillOnIt.offset()).isEqualTo(1);
          failedPolls++;
        }
      }
    }
    assertThat(values).containsExactly(1);
    assertThat(failedPolls).as("polls that threw on the poison record").isEqualTo(3);
    PrometheusScrape scrape = PrometheusScrape.parse(o11y.scrape());
    // the failure is labelled with the consumer's group although poll threw: the error path takes the
    // group from the wrapper itself, not from what the thread last polled
    assertThat(scrape.value("messaging_client_consumed_messages_total", Map.of("messaging_destination_name", topic,
        "messaging_consumer_group_name", "g-" + topic, "result", "error"))).isEqualTo(1);
    assertThat(scrape.value("messaging_client_consumed_messages_total",
        Map.of("messaging_destination_name", topic, "result", "ok"))).isEqualTo(1);
  }

  /** Counted once while the consumer sits on it; read again after a rewind, it is a new failure. */
  @Test
  void aPoisonRecordReadAgainAfterARewindIsDeadLetteredAndCountedAgain() throws Exception {
    try (Producer<String, byte[]> producer = new KafkaProducer<>(producerProps(), new StringSerializer(),
        new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, 0, "good", ByteBuffer.allocate(4).putInt(1).array())).get();
      producer.send(new ProducerRecord<>(topic, 0, "poison", new byte[] {1, 2, 3})).get();
      producer.send(new ProducerRecord<>(topic, 0, "good", ByteBuffer.allocate(4).putInt(2).array())).get();
    }
    List<Integer> values = new ArrayList<>();
    try (Producer<byte[], byte[]> dltProducer = new KafkaProducer<>(producerProps(), new ByteArraySerializer(),
            new ByteArraySerializer());
        Consumer<String, Integer> consumer = kafka.withDeadLetters(dltProducer).wrap(
            new KafkaConsumer<>(consumerProps(), new StringDeserializer(), new IntegerDeserializer()))) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (values.size() < 2 && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
      }
      consumer.seekToBeginning(consumer.assignment()); // reprocessing, as after a bug fix
      while (values.size() < 4 && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
      }
    }
    assertThat(values).containsExactly(1, 2, 1, 2);
    assertThat(PrometheusScrape.parse(o11y.scrape()).value("messaging_client_consumed_messages_total",
        Map.of("messaging_destination_name", topic, "result", "error"))).isEqualTo(2);
  }

  /**
   * Wrappers are what the application holds and puts in its collections: each equals itself (and
   * nothing else), keeps its hash code, and says which client it wraps.
   */
  @Test
  void aWrappedClientEqualsItselfAndNamesTheClientItWraps() {
    try (KafkaConsumer<String, String> rawConsumer = new KafkaConsumer<>(consumerProps());
        KafkaConsumer<String, String> otherConsumer = new KafkaConsumer<>(consumerProps());
        KafkaProducer<String, String> rawProducer = new KafkaProducer<>(producerProps())) {
      Consumer<String, String> consumer = kafka.wrap(rawConsumer);
      Producer<String, String> producer = kafka.wrap(rawProducer);
      for (Object wrapper : List.of(consumer, producer)) {
        assertThat(wrapper.equals(wrapper)).as("%s equals itself", wrapper).isTrue();
        assertThat(wrapper.hashCode()).isEqualTo(wrapper.hashCode());
        List<Object> held = new ArrayList<>(List.of(wrapper));
        assertThat(held.remove(wrapper)).as("removed from a list by itself").isTrue();
      }
      assertThat(consumer.equals(rawConsumer)).isFalse();
      assertThat(consumer.equals(kafka.wrap(otherConsumer))).as("another consumer's wrapper").isFalse();
      assertThat(consumer.toString()).contains(rawConsumer.toString());
      assertThat(producer.toString()).contains(rawProducer.toString());
    }
  }

  /**
   * The record interceptor labels every record with the consumer's group; a wrapped consumer knows
   * it from wrap time, so the client is not asked again record after record.
   */
  @Test
  void theRecordInterceptorDoesNotAskAWrappedConsumerForItsGroupPerRecord() throws Exception {
    try (Producer<String, String> producer = new KafkaProducer<>(producerProps())) {
      for (int i = 0; i < 5; i++) {
        producer.send(new ProducerRecord<>(topic, "k" + i, "v")).get();
      }
    }
    AtomicInteger asked = new AtomicInteger();
    try (Consumer<Object, Object> consumer = kafka.wrap(countingGroupLookups(new KafkaConsumer<>(consumerProps()), asked))) {
      consumer.subscribe(List.of(topic));
      TracingRecordInterceptor interceptor = new TracingRecordInterceptor(kafka.processor());
      int seen = 0;
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (seen < 5 && System.nanoTime() < deadline) {
        ConsumerRecords<Object, Object> records = consumer.poll(Duration.ofMillis(500));
        for (ConsumerRecord<Object, Object> record : records) {
          interceptor.intercept(record, consumer);
          interceptor.success(record, consumer);
          seen++;
        }
      }
      assertThat(seen).isEqualTo(5);
    }
    assertThat(asked).as("groupMetadata() calls").hasValue(1);
    assertThat(PrometheusScrape.parse(o11y.scrape()).value("messaging_process_duration_seconds_count",
        Map.of("messaging_destination_name", topic, "messaging_consumer_group_name", "g-" + topic))).isEqualTo(5);
  }

  /**
   * Spring Kafka intercepting the next record while the previous one had no success, failure or
   * afterRecord: nothing said the previous one succeeded, so it is processed with result=error.
   */
  @Test
  void aRecordStillOpenWhenTheNextIsInterceptedIsProcessedAsAnError() throws Exception {
    try (Producer<String, String> producer = new KafkaProducer<>(producerProps())) {
      producer.send(new ProducerRecord<>(topic, 0, "abandoned", "v")).get();
      producer.send(new ProducerRecord<>(topic, 0, "next", "v")).get();
    }
    List<ConsumerRecord<Object, Object>> records = new ArrayList<>();
    try (Consumer<Object, Object> consumer = kafka.wrap(new KafkaConsumer<>(consumerProps()))) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (records.size() < 2 && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
      }
      assertThat(records).hasSize(2);
      TracingRecordInterceptor interceptor = new TracingRecordInterceptor(kafka.processor());
      interceptor.intercept(records.get(0), consumer);
      interceptor.intercept(records.get(1), consumer);
      interceptor.success(records.get(1), consumer);
    }
    PrometheusScrape scrape = PrometheusScrape.parse(o11y.scrape());
    for (String result : List.of("ok", "error")) {
      assertThat(scrape.value("messaging_process_duration_seconds_count",
          Map.of("messaging_destination_name", topic, "result", result))).as(result).isEqualTo(1);
    }
  }

  /** {@code raw}, except that its close throws {@code failure} after closing it. */
  @SuppressWarnings("unchecked")
  private static Consumer<String, String> failingClose(Consumer<String, String> raw, RuntimeException failure) {
    return (Consumer<String, String>) Proxy.newProxyInstance(Consumer.class.getClassLoader(),
        new Class<?>[] {Consumer.class}, (proxy, method, args) -> {
          Object result = call(raw, method, args);
          if (method.getName().equals("close")) {
            throw failure;
          }
          return result;
        });
  }

  /** {@code raw}, counting how often it is asked for its group. */
  @SuppressWarnings("unchecked")
  private static Consumer<Object, Object> countingGroupLookups(Consumer<String, String> raw, AtomicInteger asked) {
    return (Consumer<Object, Object>) Proxy.newProxyInstance(Consumer.class.getClassLoader(),
        new Class<?>[] {Consumer.class}, (proxy, method, args) -> {
          if (method.getName().equals("groupMetadata")) {
            asked.incrementAndGet();
          }
          return call(raw, method, args);
        });
  }

  private static Object call(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private List<String> clientMetricNames() {
    return PrometheusScrape.parse(o11y.scrape()).samples().stream().map(PrometheusScrape.Sample::name)
        .filter(name -> name.startsWith("kafka_consumer_")).toList();
  }

  private static Properties producerProps() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    return props;
  }

  private Properties consumerProps() {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "g-" + topic);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    return props;
  }
}
