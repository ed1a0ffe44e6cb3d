package dev.o11y.sdk.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.o11y.sdk.testing.PrometheusScrape;
import dev.o11y.sdk.testing.ReceivedSpan;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/**
 * Outgoing calls through a {@code RestTemplate} from Boot's builder and through clients made without it,
 * and a {@code @Monitored @Scheduled} job.
 */
class ClientAndSchedulerTest extends ShopAppTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @Autowired
  RestTemplateBuilder restTemplates;

  @Autowired
  TaskScheduler scheduler;

  @Test
  void restTemplateFromBootsBuilderGetsAClientSpanAndCarriesTraceparent() {
    RestTemplate rest = restTemplates.rootUri("http://127.0.0.1:" + port).build();
    assertOneTracedCall("call-whoami", () -> rest.getForObject("/whoami?token=secret", String.class));
  }

  @Autowired
  RestTemplate plainRestTemplate;

  @Autowired
  RestClient plainRestClient;

  @Autowired
  RestTemplate builtRestTemplate;

  @Test
  void clientBeansMadeWithoutBootsBuildersAreTracedAndBuiltOnesOnlyOnce() {
    String whoami = "http://127.0.0.1:" + port + "/whoami?token=secret";
    assertOneTracedCall("new-rest-template", () -> plainRestTemplate.getForObject(whoami, String.class));
    assertOneTracedCall("rest-client-create", () -> plainRestClient.get().uri(whoami).retrieve().body(String.class));
    assertOneTracedCall("built-rest-template", () -> builtRestTemplate.getForObject(whoami, String.class));
  }

  @Autowired
  RestTemplate impatientRestTemplate;

  @Autowired
  RestClient impatientRestClient;

  /**
   * A server that takes the connection and never answers: the POST's body goes out, and reading the
   * status times out. The caller gets Spring's exception as without the SDK, the CLIENT span is
   * exported as failed, and the calling thread's context is back to the caller's own.
   */
  @Test
  void aReadTimeoutAfterTheBodyWasSentEndsTheClientSpanAndRestoresTheCallersContext() throws Exception {
    // never accepts: the kernel completes the handshake into the backlog and nothing ever answers
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String url = "http://127.0.0.1:" + silent.getLocalPort() + "/orders";
      assertTimedOutCallTraced("silent-rest-template",
          () -> impatientRestTemplate.postForObject(url, "{\"sku\":42}", String.class));
      assertTimedOutCallTraced("silent-rest-client",
          () -> impatientRestClient.post().uri(url).body("{\"sku\":42}").retrieve().body(String.class));
    }
  }

  private void assertTimedOutCallTraced(String operation, Runnable call) {
    String traceId = o11y.observe(operation, () -> {
      SpanContext caller = Span.current().getSpanContext();
      Map<String, String> mdc = MDC.getCopyOfContextMap();
      assertThatThrownBy(call::run).isInstanceOf(ResourceAccessException.class)
          .hasRootCauseInstanceOf(SocketTimeoutException.class);
      assertThat(Span.current().getSpanContext()).as("the current span after the call").isEqualTo(caller);
      assertThat(MDC.getCopyOfContextMap()).as("the MDC after the call").isEqualTo(mdc);
      return caller.getTraceId();
    });
    assertThat(Span.current().getSpanContext().isValid()).as("a span current after the operation").isFalse();

    List<ReceivedSpan> trace = receiver.awaitSpans(spans -> spans.stream()
            .filter(s -> s.traceId().equals(traceId)).count() >= 2, WAIT)
        .stream().filter(s -> s.traceId().equals(traceId)).toList();
    ReceivedSpan client = only(trace, ReceivedSpan.Kind.CLIENT);
    assertThat(client.parentSpanId()).isEqualTo(only(trace, ReceivedSpan.Kind.INTERNAL).spanId());
    assertThat(client.statusCode()).isEqualTo("ERROR");
    assertThat(client.attributes()).containsEntry("error.type", SocketTimeoutException.class.getName())
        .containsEntry("http.request.method", "POST")
        .doesNotContainKey("http.response.status_code");
  }

  /**
   * Calls /whoami inside an operation: one CLIENT span, the child of the operation, whose
   * {@code traceparent} the server continued.
   */
  private void assertOneTracedCall(String operation, java.util.function.Supplier<String> call) {
    String[] seen = o11y.observe(operation, () -> new String[] {
        Span.current().getSpanContext().getTraceId(), call.get()});
    String traceId = seen[0];
    assertThat(seen[1].split(" ")[1]).as("the downstream request's current trace").isEqualTo(traceId);

    List<ReceivedSpan> trace = receiver.awaitSpans(spans -> spans.stream()
            .filter(s -> s.traceId().equals(traceId)).count() >= 3, WAIT)
        .stream().filter(s -> s.traceId().equals(traceId)).toList();
    ReceivedSpan caller = only(trace, ReceivedSpan.Kind.INTERNAL);
    ReceivedSpan client = only(trace, ReceivedSpan.Kind.CLIENT);
    ReceivedSpan server = only(trace, ReceivedSpan.Kind.SERVER);
    assertThat(client.parentSpanId()).isEqualTo(caller.spanId());
    assertThat(server.parentSpanId()).as("the server continued the client's traceparent").isEqualTo(client.spanId());
    assertThat(client.attributes()).containsEntry("url.full", "http://127.0.0.1:" + port + "/whoami")
        .containsEntry("http.response.status_code", 200L)
        .containsEntry("http.request.method", "GET");
  }

  @Test
  void monitoredScheduledJobGetsASpanPerRunAndOperationMetrics() {
    List<ReceivedSpan> beats = receiver.awaitSpans(
            spans -> spans.stream().filter(s -> s.name().equals("Heartbeat.beat")).count() >= 2, WAIT)
        .stream().filter(s -> s.name().equals("Heartbeat.beat")).toList();
    assertThat(beats).allSatisfy(beat -> {
      assertThat(beat.isRoot()).as("a run starts its own trace").isTrue();
      assertThat(beat.kind()).isEqualTo(ReceivedSpan.Kind.INTERNAL);
    });
    assertThat(beats.stream().map(ReceivedSpan::traceId).distinct()).as("one trace per run").hasSize(beats.size());
    assertThat(PrometheusScrape.parse(o11y.scrape()).value("o11y_operation_duration_seconds_count",
        Map.of("operation", "Heartbeat.beat", "result", "ok"))).isGreaterThanOrEqualTo(2);
  }

  /**
   * A one-off task scheduled in a trace runs in it; a periodic one scheduled there does not keep
   * running in that long-finished trace tick after tick.
   */
  @Test
  void aPeriodicTaskScheduledInATraceDoesNotRunInItForever() throws Exception {
    Queue<String> periodicRuns = new ConcurrentLinkedQueue<>();
    Queue<String> oneOffRuns = new ConcurrentLinkedQueue<>();
    ScheduledFuture<?> periodic = o11y.observe("schedules", () -> {
      scheduler.schedule(() -> oneOffRuns.add(traceSeen()), Instant.now());
      return scheduler.scheduleAtFixedRate(() -> periodicRuns.add(traceSeen()), Duration.ofMillis(20));
    });
    try {
      ReceivedSpan caller = receiver.awaitSpan("schedules", WAIT);
      await().atMost(WAIT).until(() -> periodicRuns.size() >= 3 && !oneOffRuns.isEmpty());
      assertThat(oneOffRuns).containsExactly(caller.traceId() + "/" + caller.traceId());
      assertThat(periodicRuns).as("span/MDC trace ids seen by each tick").allMatch(seen -> seen.equals("none/none"));
    } finally {
      periodic.cancel(false);
    }
  }

  /** The trace id the running task sees, as the current span's and in the MDC. */
  private static String traceSeen() {
    SpanContext span = Span.current().getSpanContext();
    String mdc = MDC.get("trace_id");
    return (span.isValid() ? span.getTraceId() : "none") + "/" + (mdc == null ? "none" : mdc);
  }

  private static ReceivedSpan only(List<ReceivedSpan> spans, ReceivedSpan.Kind kind) {
    List<ReceivedSpan> found = spans.stream().filter(s -> s.kind() == kind).toList();
    assertThat(found).as("%s spans in %s", kind, spans.stream().map(s -> s.kind() + " " + s.name()).toList())
        .hasSize(1);
    return found.get(0);
  }
}
