package dev.o11y.sdk.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o11y.sdk.O11y;
import dev.o11y.sdk.kafka.app.OrdersApplication;
import dev.o11y.sdk.testing.PrometheusScrape;
import dev.o11y.sdk.testing.OtlpReceiver;
import dev.o11y.sdk.testing.ReceivedSpan;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(classes = OrdersApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.application.name=orders", "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "spring.kafka.consumer.auto-offset-reset=earliest"})
@EmbeddedKafka(partitions = 1, topics = {"orders", "order-audit", "orders-dlt", "orders-fatal"})
class SpringKafkaTest {

  private static final OtlpReceiver receiver = OtlpReceiver.start();
  private static final Duration WAIT = Duration.ofSeconds(60);

  @DynamicPropertySource
  static void otlp(DynamicPropertyRegistry registry) {
    registry.add("o11y.otlp-endpoint", receiver::endpoint);
    registry.add("otel.bsp.schedule.delay", () -> "100"); // a Spring property, read since o11y-sdk reads otel.*
  }

  @AfterAll
  static void stop() {
    receiver.close();
  }

  @LocalServerPort
  int port;

  @Autowired
  KafkaTemplate<Object, Object> template;

  @Autowired
  O11y o11y;

  @Test
  void httpRequestMonitoredSendAndRecordListenerShareOneTraceAndTheListenerLogsIt() throws Exception {
    String trace = post("/orders/o-1");
    // the four spans end on different threads and, 100 ms apart, may reach the receiver in different exports
    List<String> names = List.of("POST /orders/{id}", "OrderService.place", "send orders", "process orders");
    List<ReceivedSpan> spans = receiver.awaitSpans(s -> s.stream()
        .filter(x -> x.traceId().equals(trace)).map(ReceivedSpan::name).toList().containsAll(names), WAIT)
        .stream().filter(s -> s.traceId().equals(trace)).toList();
    ReceivedSpan server = named(spans, "POST /orders/{id}");
    ReceivedSpan monitored = named(spans, "OrderService.place");
    ReceivedSpan send = named(spans, "send orders");
    ReceivedSpan process = named(spans, "process orders");
    assertThat(monitored.parentSpanId()).isEqualTo(server.spanId());
    assertThat(send.parentSpanId()).isEqualTo(monitored.spanId());
    assertThat(process.parentSpanId()).isEqualTo(send.spanId());
    assertThat(process.attributes()).containsEntry("messaging.consumer.group.name", "fulfilment");
    assertThat(OrdersApplication.SEEN.get("o-1")).containsExactly(trace);
    assertThat(OrdersApplication.INTERCEPTED.get("o-1")).as("the application's own record interceptor ran, in the record's trace")
        .containsExactly(trace);
    assertThat(OrdersApplication.SUCCEEDED.get("o-1")).as("its success callback too, still inside the record's span")
        .containsExactly(trace);
  }

  @Test
  void batchListenerRecordsEachGetTheirOwnTrace() throws Exception {
    String first = post("/orders/b-1");
    String second = post("/orders/b-2");
    receiver.awaitSpans(s -> s.stream().filter(x -> x.name().equals("process order-audit")
        && (x.traceId().equals(first) || x.traceId().equals(second))).count() == 2, WAIT);
    assertThat(OrdersApplication.BATCH_SEEN).contains("b-1=" + first, "b-2=" + second);
  }

  @Test
  void retriesAndTheDeadLetterStayInTheRecordsTrace() throws Exception {
    String trace = post("/orders/poison-1");
    List<ReceivedSpan> spans = receiver.awaitSpans(s -> s.stream()
        .anyMatch(x -> x.traceId().equals(trace) && x.name().equals("send orders-dlt")), WAIT)
        .stream().filter(s -> s.traceId().equals(trace)).toList();
    List<ReceivedSpan> attempts = spans.stream().filter(s -> s.name().equals("process orders")).toList();
    assertThat(attempts).hasSize(2).allSatisfy(a -> {
      assertThat(a.statusCode()).isEqualTo("ERROR");
      // the listener's own exception, not Spring's ListenerExecutionFailedException around it
      assertThat(a.events()).anySatisfy(e -> assertThat(e.attributes())
          .containsEntry("exception.type", IllegalStateException.class.getName()));
    });
    assertThat(OrdersApplication.SEEN.get("poison-1")).hasSize(2).containsOnly(trace);
  }

  /**
   * A listener that throws an {@code Error} gets neither Spring's failure nor its afterRecord callback:
   * its record's span must still end, as an error, not as a success.
   */
  @Test
  void aRecordWhoseListenerThrewAnErrorEndsItsSpanAsAnError() throws Exception {
    template.send("orders-fatal", "f-1", "order f-1").get();
    List<ReceivedSpan> spans = receiver.awaitSpans(s -> s.stream().anyMatch(x -> x.name().equals("process orders-fatal")), WAIT);
    ReceivedSpan send = named(spans, "send orders-fatal");
    ReceivedSpan process = named(spans, "process orders-fatal");
    assertThat(process.parentSpanId()).isEqualTo(send.spanId());
    assertThat(process.statusCode()).isEqualTo("ERROR");
    assertThat(process.events()).anySatisfy(e -> assertThat(e.attributes())
        .containsEntry("exception.type", "dev.o11y.sdk.kafka.internal.spring.RecordAbandonedException"));
    assertThat(PrometheusScrape.parse(o11y.scrape()).value("messaging_process_duration_seconds_count", Map.of(
        "messaging_destination_name", "orders-fatal", "messaging_consumer_group_name", "fatal", "result", "error")))
        .isEqualTo(1);
  }

  /** POSTs and returns the trace id from the echoed traceparent. */
  private String post(String path) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.headers().firstValue("traceparent").orElseThrow().split("-")[1];
  }

  private static ReceivedSpan named(List<ReceivedSpan> spans, String name) {
    return spans.stream().filter(s -> s.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no span " + name + " in " + spans.stream().map(ReceivedSpan::name).toList()));
  }
}
