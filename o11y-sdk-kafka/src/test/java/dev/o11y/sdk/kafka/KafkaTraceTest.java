package dev.o11y.sdk.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o11y.sdk.O11y;
import dev.o11y.sdk.testing.CapturedLogs;
import dev.o11y.sdk.testing.OtlpReceiver;
import dev.o11y.sdk.testing.PrometheusScrape;
import dev.o11y.sdk.testing.ReceivedSpan;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.IntegerDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.JsonNode;

/** A real KRaft broker in-process; spans arrive at the in-JVM OTLP receiver over HTTP. */
class KafkaTraceTest {

  private static final Logger log = LoggerFactory.getLogger(KafkaTraceTest.class);
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static EmbeddedKafkaKraftBroker broker;

  private OtlpReceiver receiver;
  private O11y o11y;
  private KafkaO11y kafka;

  @BeforeAll
  static void startBroker() {
    broker = new EmbeddedKafkaKraftBroker(1, 2);
    broker.afterPropertiesSet();
  }

  @AfterAll
  static void stopBroker() {
    broker.destroy();
  }

  @BeforeEach
  void start() {
    receiver = OtlpReceiver.start();
    o11y = O11y.builder().serviceName("orders").environment("test").otlpEndpoint(receiver.endpoint()).build();
    kafka = KafkaO11y.create(o11y);
  }

  @AfterEach
  void stop() {
    o11y.close();
    receiver.close();
  }

  @Test
  void oneTraceFromTheCallThroughTheProducerToEachConsumedRecord() throws Exception {
    String topic = topic();
    String[] callTrace = new String[1];
    try (Producer<String, String> producer = kafka.wrap(new KafkaProducer<>(producerProps()))) {
      o11y.observe("checkout", () -> {
        callTrace[0] = Span.current().getSpanContext().getTraceId();
        return producer.send(new ProducerRecord<>(topic, "order-1", "paid")).get();
      });
    }
    List<JsonNode> lines;
    List<String> handlerTraceIds = new ArrayList<>();
    try (Consumer<String, String> consumer = kafka.wrap(new KafkaConsumer<String, String>(consumerProps()));
        CapturedLogs logs = CapturedLogs.start()) {
      consumer.subscribe(List.of(topic));
      List<ConsumerRecord<String, String>> records = pollAtLeast(consumer, 1);
      kafka.forEachRecord(records, record -> {
        handlerTraceIds.add(MDC.get("trace_id"));
        log.info("handling {}", record.key());
      });
      lines = logs.json();
      // the client's own metrics, consumer lag among them, are published while the consumer lives
      assertThat(PrometheusScrape.parse(o11y.scrape()).samples().stream().map(PrometheusScrape.Sample::name))
          .anySatisfy(name -> assertThat(name).startsWith("kafka_consumer_fetch_manager_records_lag"));
    }
    o11y.close();

    List<ReceivedSpan> spans = receiver.awaitSpans(s -> s.stream().anyMatch(x -> x.name().equals("process " + topic)), WAIT);
    ReceivedSpan checkout = named(spans, "checkout");
    ReceivedSpan send = named(spans, "send " + topic);
    ReceivedSpan process = named(spans, "process " + topic);
    assertThat(checkout.traceId()).isEqualTo(callTrace[0]);
    assertThat(send.kind()).isEqualTo(ReceivedSpan.Kind.PRODUCER);
    assertThat(send.parentSpanId()).isEqualTo(checkout.spanId());
    assertThat(process.kind()).isEqualTo(ReceivedSpan.Kind.CONSUMER);
    assertThat(process.traceId()).isEqualTo(callTrace[0]);
    assertThat(process.parentSpanId()).isEqualTo(send.spanId());
    assertThat(process.attributes()).containsEntry("messaging.system", "kafka")
        .containsEntry("messaging.destination.name", topic).containsEntry("messaging.operation.type", "process")
        .containsEntry("messaging.operation.name", "process");
    assertThat(send.attributes()).containsEntry("messaging.operation.type", "send").containsEntry("messaging.operation.name", "send");
    assertThat(handlerTraceIds).containsExactly(callTrace[0]);
    assertThat(lines).filteredOn(l -> l.get("message").asString().equals("handling order-1"))
        .singleElement().satisfies(l -> {
          assertThat(l.get("trace_id").asString()).isEqualTo(callTrace[0]);
          assertThat(l.get("span_id").asString()).isEqualTo(process.spanId());
        });

    PrometheusScrape scrape = PrometheusScrape.parse(o11y.scrape());
    assertThat(scrape.value("messaging_client_sent_messages_total",
        Map.of("messaging_destination_name", topic, "result", "ok"))).isEqualTo(1);
    assertThat(scrape.value("messaging_client_consumed_messages_total",
        Map.of("messaging_destination_name", topic, "messaging_consumer_group_name", "g-" + topic, "result", "ok")))
        .isEqualTo(1);
    assertThat(scrape.value("messaging_process_duration_seconds_count",
        Map.of("messaging_destination_name", topic, "result", "ok"))).isEqualTo(1);
    assertThat(scrape.value("o11y_messaging_e2e_latency_seconds_count",
        Map.of("messaging_destination_name", topic))).isEqualTo(1);
  }

  @Test
  void aBatchOfFiftyRecordsFromFiftyTracesGivesEachItsOwnSpanAndMdc() throws Exception {
    String topic = topic();
    Map<String, String> producerSpanByKey = new ConcurrentHashMap<>();
    try (Producer<String, String> producer = kafka.wrap(new KafkaProducer<>(producerProps()))) {
      for (int i = 0; i < 50; i++) {
        String key = "k" + i;
        o11y.observe("request-" + i, () -> producer.send(new ProducerRecord<>(topic, key, "v")).get());
      }
    }
    Map<String, String> mdcTraceByKey = new ConcurrentHashMap<>();
    try (Consumer<String, String> consumer = kafka.wrap(new KafkaConsumer<String, String>(consumerProps()))) {
      consumer.subscribe(List.of(topic));
      kafka.forEachRecord(pollAtLeast(consumer, 50), record -> {
        mdcTraceByKey.put(record.key(), MDC.get("trace_id"));
        log.info("batch record {}", record.key());
      });
    }
    o11y.close();

    List<ReceivedSpan> spans = receiver.awaitSpans(
        s -> s.stream().filter(x -> x.name().equals("process " + topic)).count() == 50, WAIT);
    Map<String, ReceivedSpan> sendBySpanId = new ConcurrentHashMap<>();
    spans.stream().filter(s -> s.name().equals("send " + topic)).forEach(s -> sendBySpanId.put(s.spanId(), s));
    List<ReceivedSpan> processes = spans.stream().filter(s -> s.name().equals("process " + topic)).toList();
    assertThat(processes).hasSize(50);
    assertThat(processes).allSatisfy(p -> {
      ReceivedSpan send = sendBySpanId.get(p.parentSpanId());
      assertThat(send).as("process span's parent is a send span").isNotNull();
      assertThat(p.traceId()).isEqualTo(send.traceId());
    });
    assertThat(processes.stream().map(ReceivedSpan::traceId).distinct()).hasSize(50);
    assertThat(mdcTraceByKey).hasSize(50);
    assertThat(mdcTraceByKey.values().stream().distinct()).hasSize(50);
    assertThat(processes.stream().map(ReceivedSpan::traceId).toList())
        .containsExactlyInAnyOrderElementsOf(mdcTraceByKey.values());
    assertThat(MDC.get("trace_id")).as("nothing left behind on the polling thread").isNull();
  }

  /**
   * 100,000 records through the broker with hostile trace headers ({@link TraceHeaderFuzz}). At every
   * record, on the consumer thread: the span continues the record's last valid {@code traceparent} or
   * starts a new trace, the MDC names that very span, and the baggage is the record's own. Between
   * batches the thread carries nothing. Each record is handled exactly once.
   */
  @Test
  void aHundredThousandRecordsWithFuzzedTraceHeadersEachGetTheirOwnSpanAndNothingLeaks() throws Exception {
    int count = 100_000;
    o11y.close(); // this test needs every root sampled and a child of a sampled parent sampled
    o11y = O11y.builder().serviceName("orders").environment("test").otlpEndpoint(receiver.endpoint())
        .sampler(Sampler.parentBased(Sampler.alwaysOn())).build();
    kafka = KafkaO11y.create(o11y);
    String topic = topic();
    TraceHeaderFuzz fuzz = new TraceHeaderFuzz(6, 1_000_000);
    TraceHeaderFuzz.Expected[] expected = new TraceHeaderFuzz.Expected[count];
    int huge = 0;
    List<Exception> sendFailures = new CopyOnWriteArrayList<>();
    Properties producerProps = producerProps();
    producerProps.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(1_048_576));
    try (Producer<String, String> raw = new KafkaProducer<>(producerProps)) {
      for (int i = 0; i < count; i++) {
        TraceHeaderFuzz.Fuzzed fuzzed = fuzz.next(i);
        expected[i] = fuzzed.expected();
        huge += fuzzed.bytes() > 500_000 ? 1 : 0;
        raw.send(new ProducerRecord<>(topic, null, Integer.toString(i), "v", fuzzed.headers()), (metadata, e) -> {
          if (e != null) {
            sendFailures.add(e);
          }
        });
      }
    }
    assertThat(sendFailures).isEmpty();
    assertThat(huge).as("records with a header value over 500 KB").isGreaterThan(20);

    BitSet handled = new BitSet(count);
    List<String> violations = new ArrayList<>();
    int[] seen = {0, 0}; // records handled; of them, continued traces
    try (Consumer<String, String> consumer = kafka.wrap(new KafkaConsumer<String, String>(consumerProps()))) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (seen[0] < count && System.nanoTime() < deadline) {
        kafka.forEachRecord(consumer.poll(Duration.ofMillis(500)), record -> {
          int index = Integer.parseInt(record.key());
          if (handled.get(index)) {
            violations.add("record " + index + " handled twice");
          }
          handled.set(index);
          seen[0]++;
          seen[1] += expected[index].traceId() != null ? 1 : 0;
          String problem = FuzzedRecordCheck.problem(expected[index]);
          if (problem != null && violations.size() < 20) {
            violations.add("record " + index + ": " + problem);
          }
        });
        assertThat(MDC.get("trace_id")).as("MDC on the polling thread between batches").isNull();
        assertThat(Span.current().getSpanContext().isValid()).as("a span left current between batches").isFalse();
        assertThat(Baggage.current().isEmpty()).as("baggage left current between batches").isTrue();
      }
    }
    assertThat(violations).isEmpty();
    assertThat(handled.cardinality()).isEqualTo(count);
    assertThat(seen[0]).isEqualTo(count);
    assertThat(seen[1]).as("records that continue a valid traceparent").isBetween(count / 3, 2 * count / 3);
    assertThat(PrometheusScrape.parse(o11y.scrape()).value("o11y_sdk_internal_errors_total", Map.of()))
        .as("failures the SDK swallowed").isZero();
  }

  @Test
  void aRecordThatCannotBeDeserializedGoesToTheDeadLetterTopicInItsTraceAndConsumptionGoesOn() throws Exception {
    String topic = topic();
    String[] poisonTrace = new String[1];
    try (Producer<String, byte[]> producer = kafka.wrap(new KafkaProducer<>(producerProps(),
        new StringSerializer(), new ByteArraySerializer()))) {
      producer.send(new ProducerRecord<>(topic, 0, "good-1", ByteBuffer.allocate(4).putInt(1).array())).get();
      o11y.observe("bad-upload", () -> {
        poisonTrace[0] = Span.current().getSpanContext().getTraceId();
        return producer.send(new ProducerRecord<>(topic, 0, "poison", new byte[] {1, 2, 3})).get();
      });
      producer.send(new ProducerRecord<>(topic, 0, "good-2", ByteBuffer.allocate(4).putInt(2).array())).get();
    }
    List<Integer> values = new ArrayList<>();
    try (Producer<byte[], byte[]> dltProducer = new KafkaProducer<>(producerProps(),
            new ByteArraySerializer(), new ByteArraySerializer());
        Consumer<String, Integer> consumer = kafka.withDeadLetters(dltProducer).wrap(
            new KafkaConsumer<>(consumerProps(), new StringDeserializer(), new IntegerDeserializer()))) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (values.size() < 2 && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
      }
    }
    assertThat(values).containsExactly(1, 2); // one partition: the poison record sat between them

    List<ConsumerRecord<byte[], byte[]>> dead = new ArrayList<>();
    Properties dltProps = consumerProps();
    dltProps.put(ConsumerConfig.GROUP_ID_CONFIG, "dlt-reader-" + topic);
    try (Consumer<byte[], byte[]> dlt = new KafkaConsumer<>(dltProps,
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      dlt.subscribe(List.of(topic + "-dlt"));
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (dead.isEmpty() && System.nanoTime() < deadline) {
        dlt.poll(Duration.ofMillis(500)).forEach(dead::add);
      }
    }
    assertThat(dead).singleElement().satisfies(r -> {
      assertThat(r.value()).containsExactly(1, 2, 3);
      assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("poison");
      assertThat(new String(r.headers().lastHeader("o11y.dlt.exception").value(), StandardCharsets.UTF_8))
          .contains("SerializationException");
    });
    o11y.close();
    receiver.awaitSpans(s -> s.stream().anyMatch(x -> x.name().equals("send " + topic + "-dlt")
        && x.traceId().equals(poisonTrace[0])), WAIT);
    assertThat(PrometheusScrape.parse(o11y.scrape()).value("messaging_client_consumed_messages_total",
        Map.of("messaging_destination_name", topic, "result", "error"))).isEqualTo(1);
  }

  /**
   * {@code none} is what the metrics call a consumer without a group, nothing more: a group really
   * named {@code none} is named on its spans, a consumer without a group is not, and both count under
   * the label {@code none}.
   */
  @Test
  void aGroupNamedNoneIsNamedOnItsSpansAndAConsumerWithoutAGroupIsNot() throws Exception {
    String topic = topic();
    try (Producer<String, String> producer = kafka.wrap(new KafkaProducer<>(producerProps()))) {
      producer.send(new ProducerRecord<>(topic, "order-1", "paid")).get();
    }
    Properties namedNone = consumerProps();
    namedNone.put(ConsumerConfig.GROUP_ID_CONFIG, "none");
    String namedNoneSpan = processedSpanId(namedNone, consumer -> consumer.subscribe(List.of(topic)));
    Properties groupless = consumerProps();
    groupless.remove(ConsumerConfig.GROUP_ID_CONFIG);
    String grouplessSpan = processedSpanId(groupless, consumer -> consumer.assign(consumer.partitionsFor(topic).stream()
        .map(p -> new TopicPartition(topic, p.partition())).toList()));
    PrometheusScrape scrape = PrometheusScrape.parse(o11y.scrape());
    o11y.close();

    List<ReceivedSpan> spans = receiver.awaitSpans(
        s -> s.stream().filter(x -> x.name().equals("process " + topic)).count() == 2, WAIT);
    assertThat(withId(spans, namedNoneSpan).attributes()).containsEntry("messaging.consumer.group.name", "none");
    assertThat(withId(spans, grouplessSpan).attributes()).containsEntry("messaging.destination.name", topic)
        .doesNotContainKey("messaging.consumer.group.name");
    assertThat(scrape.value("messaging_client_consumed_messages_total",
        Map.of("messaging_destination_name", topic, "messaging_consumer_group_name", "none", "result", "ok")))
        .isEqualTo(2);
  }

  /** Polls one record with a wrapped consumer and processes it; the id of its process span. */
  private String processedSpanId(Properties props, java.util.function.Consumer<Consumer<String, String>> source)
      throws Exception {
    List<String> spanIds = new ArrayList<>();
    try (Consumer<String, String> consumer = kafka.wrap(new KafkaConsumer<String, String>(props))) {
      source.accept(consumer);
      // the group comes from the wrapped consumer that polled on this thread
      kafka.forEachRecord(pollAtLeast(consumer, 1), record -> spanIds.add(Span.current().getSpanContext().getSpanId()));
    }
    return spanIds.get(0);
  }

  private static ReceivedSpan withId(List<ReceivedSpan> spans, String spanId) {
    return spans.stream().filter(s -> s.spanId().equals(spanId)).findFirst()
        .orElseThrow(() -> new AssertionError("no span " + spanId));
  }

  private static List<ConsumerRecord<String, String>> pollAtLeast(Consumer<String, String> consumer, int count) {
    List<ConsumerRecord<String, String>> all = new ArrayList<>();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (all.size() < count && System.nanoTime() < deadline) {
      ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
      records.forEach(all::add);
    }
    assertThat(all).as("records polled from the broker").hasSizeGreaterThanOrEqualTo(count);
    return all;
  }

  private static ReceivedSpan named(List<ReceivedSpan> spans, String name) {
    return spans.stream().filter(s -> s.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no span " + name + " in " + spans.stream().map(ReceivedSpan::name).toList()));
  }

  /** A fresh topic per test; its consumer group is {@code g-<topic>}. */
  private String topic() {
    lastTopic = "t-" + UUID.randomUUID().toString().substring(0, 8);
    return lastTopic;
  }

  private static Properties producerProps() {
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
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "g-" + lastTopic);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
    return props;
  }

  private String lastTopic;
}
