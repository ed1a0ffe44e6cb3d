package dev.o11y.sdk.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o11y.sdk.O11y;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A record sent again (a replay, a record built from a consumed one's headers) carries the new trace
 * only: the previous hop's {@code tracestate} and {@code baggage} go with its {@code traceparent}, even
 * when the new context has none to write in their place.
 */
class KafkaHeadersTest {

  private final O11y o11y = O11y.builder().serviceName("orders").otlpEndpoint("none").build();
  private final KafkaHeaders kafkaHeaders = new KafkaHeaders(o11y);

  @AfterEach
  void close() {
    o11y.close();
  }

  @Test
  void injectingReplacesEveryHeaderOfThePreviousContext() {
    Headers headers = new RecordHeaders();
    headers.add("traceparent", bytes("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
    headers.add("tracestate", bytes("vendor=previous-hop"));
    headers.add("baggage", bytes("user.tier=gold"));
    headers.add("order-id", bytes("42"));
    Span span = o11y.openTelemetry().getTracer("test").spanBuilder("send").startSpan();
    try {
      kafkaHeaders.inject(Context.root().with(span), headers);
    } finally {
      span.end();
    }

    assertThat(values(headers, "traceparent")).containsExactly(
        "00-" + span.getSpanContext().getTraceId() + "-" + span.getSpanContext().getSpanId() + "-"
            + span.getSpanContext().getTraceFlags().asHex());
    assertThat(values(headers, "tracestate")).isEmpty();
    assertThat(values(headers, "baggage")).isEmpty();
    assertThat(values(headers, "order-id")).containsExactly("42");
  }

  /** No span to write (the send's span could not start): the record keeps the trace it continues. */
  @Test
  void aContextWithNothingToWriteLeavesTheHeadersAsTheyAre() {
    Headers headers = new RecordHeaders();
    headers.add("traceparent", bytes("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
    headers.add("tracestate", bytes("vendor=previous-hop"));
    kafkaHeaders.inject(Context.root(), headers);
    assertThat(values(headers, "traceparent")).containsExactly("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    assertThat(values(headers, "tracestate")).containsExactly("vendor=previous-hop");
  }

  @Test
  void theNewContextsBaggageIsWrittenOnce() {
    Headers headers = new RecordHeaders();
    headers.add("baggage", bytes("user.tier=gold"));
    Context context = Context.root().with(Baggage.builder().put("cart", "k-1").build());
    kafkaHeaders.inject(context, headers);
    assertThat(values(headers, "baggage")).containsExactly("cart=k-1");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static java.util.List<String> values(Headers headers, String key) {
    java.util.List<String> values = new java.util.ArrayList<>();
    for (Header header : headers.headers(key)) {
      values.add(new String(header.value(), StandardCharsets.UTF_8));
    }
    return values;
  }

  /**
   * {@code process(record, null, handler)}: a consumer without a group.id still gets its record handled,
   * labelled {@code none} on the metrics, with no group name on the span (it has none).
   */
  @Test
  void aRecordOfAConsumerWithoutAGroupIsHandledAndLabelledNone() throws Exception {
    try (dev.o11y.sdk.testing.OtlpReceiver receiver = dev.o11y.sdk.testing.OtlpReceiver.start()) {
      O11y exporting = O11y.builder().serviceName("orders").otlpEndpoint(receiver.endpoint()).build();
      int[] handled = new int[1];
      dev.o11y.sdk.kafka.KafkaO11y kafka = dev.o11y.sdk.kafka.KafkaO11y.create(exporting);
      kafka.process(new org.apache.kafka.clients.consumer.ConsumerRecord<>("orders", 0, 7L, "k", "v"), null,
          record -> handled[0]++);
      kafka.forEachRecord(java.util.List.of(new org.apache.kafka.clients.consumer.ConsumerRecord<>("orders", 0, 8L, "k", "v")),
          "", record -> handled[0]++);
      String scrape = exporting.scrape();
      exporting.close();

      assertThat(handled[0]).isEqualTo(2);
      assertThat(scrape).contains("messaging_consumer_group_name=\"none\"");
      assertThat(receiver.awaitSpan("process orders", java.time.Duration.ofSeconds(20)).attributes())
          .containsEntry("messaging.operation.name", "process")
          .doesNotContainKey("messaging.consumer.group.name");
    }
  }
}
