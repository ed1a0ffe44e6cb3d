package dev.o11y.sdk.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o11y.sdk.spring.app.ReleaseGate;
import dev.o11y.sdk.spring.app.RequestThreadProbe;
import dev.o11y.sdk.testing.CapturedLogs;
import dev.o11y.sdk.testing.PrometheusScrape;
import dev.o11y.sdk.testing.ReceivedSpan;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Handlers that answer from another thread ({@code CompletableFuture}, {@code DeferredResult},
 * {@code Callable}, server-sent events, a timeout): the request thread returns before the response
 * exists. What a
 * user sees must still describe the response they got: one SERVER span that ends after the work,
 * the real status on span and metric, the trace id in problem+json, in the work's log lines.
 *
 * <p>The work blocks on a {@link ReleaseGate} until the test releases it. "The span covers the work"
 * is checked against the work's own {@code @Monitored} span: a child span shares its parent's clock,
 * so comparing their end times needs no tolerance, unlike a wall-clock reading taken by the test.
 */
class AsyncRequestTest extends ShopAppTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DURATION = "http_server_request_duration_seconds";

  private final HttpClient http = HttpClient.newHttpClient();

  @Autowired
  ReleaseGate gate;

  @Autowired
  RequestThreadProbe probe;

  private long dirtyOnEntryBefore;
  private long dirtyOnExitBefore;

  @BeforeEach
  void rememberProbe() {
    dirtyOnEntryBefore = probe.dirtyOnEntry();
    dirtyOnExitBefore = probe.dirtyOnExit();
  }

  @AfterEach
  void requestThreadsStayedClean() {
    assertThat(probe.dirtyOnEntry() - dirtyOnEntryBefore)
        .as("dispatches that started on a thread carrying MDC or a span").isZero();
    assertThat(probe.dirtyOnExit() - dirtyOnExitBefore)
        .as("dispatches that left MDC or a span on their thread").isZero();
  }

  @Test
  void completableFutureRequestEndsWhenTheFutureCompletes() throws Exception {
    String route = "/async/future/{key}";
    Gated request = runGated("/async/future/", "ok-");

    assertThat(request.response.body()).isEqualTo("done " + request.key);
    request.assertOkAfterTheWork(route);
    ReceivedSpan work = request.work();
    assertThat(request.metrics.sumDelta(route)).as("recorded duration covers the work, in seconds")
        .isGreaterThanOrEqualTo((work.endEpochNanos() - work.startEpochNanos()) / 1e9);
  }

  @Test
  void completableFutureFailingIsA500ProblemWithTheTraceIdAndErrorType() throws Exception {
    String route = "/async/future/{key}";
    Gated request = runGated("/async/future/", "fail-");

    assertThat(request.response.statusCode()).isEqualTo(500);
    assertThat(request.response.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");
    JsonNode problem = JSON.readTree(request.response.body());
    assertThat(problem.path("trace_id").asString()).as(request.response.body()).isEqualTo(request.traceId);
    assertThat(request.response.body()).doesNotContain(request.key + " failed").doesNotContain("at dev.o11y");
    ReceivedSpan server = request.serverAfterTheWork(route);
    assertThat(server.attributes()).containsEntry("error.type", "IllegalStateException");
    assertThat(server.statusCode()).isEqualTo("ERROR");
    assertThat(server.events()).filteredOn(e -> e.name().equals("exception")).hasSize(1);
    request.metrics.assertOneRequest(route, "500", "IllegalStateException");
  }

  @Test
  void deferredResultSetFromAnotherThreadEndsTheRequestWhenSet() throws Exception {
    runGated("/async/deferred/", "ok-").assertOkAfterTheWork("/async/deferred/{key}");
  }

  @Test
  void serverSentEventsSpanCoversTheWholeStream() throws Exception {
    Gated request = runGated("/async/events/", "ok-");

    assertThat(request.response.body()).contains("data:started").contains("data:done " + request.key);
    request.assertOkAfterTheWork("/async/events/{key}");
  }

  /** Spring MVC runs a {@code Callable} on Boot's executor, which the SDK's TaskDecorator wraps. */
  @Test
  void callableRunsOnMvcsExecutorInTheRequestsTrace() throws Exception {
    runGated("/async/callable/", "ok-").assertOkAfterTheWork("/async/callable/{key}");
  }

  @Test
  void timedOutAsyncRequestIsA503ProblemOnSpanAndMetric() throws Exception {
    String route = "/async/timeout";
    Metrics metrics = new Metrics();
    HttpResponse<String> response = http.send(request(route), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(503);
    String traceId = traceIdOf(response);
    assertThat(JSON.readTree(response.body()).path("trace_id").asString()).as(response.body()).isEqualTo(traceId);
    ReceivedSpan server = awaitServerSpan(traceId);
    assertThat(server.attributes()).containsEntry("http.route", route)
        .containsEntry("http.response.status_code", 503L)
        .containsEntry("error.type", "AsyncRequestTimeoutException");
    assertThat(server.statusCode()).isEqualTo("ERROR");
    metrics.assertOneRequest(route, "503", "AsyncRequestTimeoutException");
  }

  /**
   * Sends a request whose work is held by the gate and releases it once the work runs and the
   * request thread has returned, then collects what the request left.
   */
  private Gated runGated(String path, String keyPrefix) throws Exception {
    String key = keyPrefix + UUID.randomUUID();
    Metrics metrics = new Metrics();
    HttpResponse<String> response;
    List<JsonNode> lines;
    try (CapturedLogs logs = CapturedLogs.start()) {
      CompletableFuture<HttpResponse<String>> pending =
          http.sendAsync(request(path + key), HttpResponse.BodyHandlers.ofString());
      gate.awaitArrival(key);
      probe.awaitReturnedAsync(path + key, WAIT);
      assertThat(pending).as("answered before the work finished").isNotDone();
      gate.release(key);
      response = pending.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      lines = logs.json();
    }
    String traceId = traceIdOf(response);
    awaitServerSpan(traceId);
    List<ReceivedSpan> trace = receiver.awaitSpans(
        spans -> spans.stream().anyMatch(s -> s.traceId().equals(traceId) && s.name().equals("GatedWork.run")), WAIT)
        .stream().filter(s -> s.traceId().equals(traceId)).toList();
    return new Gated(key, response, traceId, trace, lines, metrics);
  }

  private record Gated(String key, HttpResponse<String> response, String traceId, List<ReceivedSpan> trace,
      List<JsonNode> lines, Metrics metrics) {

    /**
     * A 200 that a user sees as such: the span and the one count in the histogram say 200, and the
     * work's log line carries the request's trace id.
     */
    void assertOkAfterTheWork(String route) {
      assertThat(response.statusCode()).isEqualTo(200);
      serverAfterTheWork(route);
      metrics.assertOneRequest(route, "200", "none");
      JsonNode line = lines.stream()
          .filter(l -> l.path("message").asString().equals("async work " + key + " running"))
          .findFirst().orElseThrow(() -> new AssertionError("no line from the work of " + key));
      assertThat(line.path("thread_name").asString()).doesNotStartWith("http-nio");
      assertThat(line.path("trace_id").asString()).isEqualTo(traceId);
    }

    /**
     * The request's one SERVER span: named after the route, with the status the client got, the
     * work's parent, and ended after the work.
     */
    ReceivedSpan serverAfterTheWork(String route) {
      List<ReceivedSpan> servers = trace.stream().filter(s -> s.kind() == ReceivedSpan.Kind.SERVER).toList();
      assertThat(servers).as("SERVER spans of the request").hasSize(1);
      ReceivedSpan server = servers.get(0);
      ReceivedSpan work = work();
      assertThat(server.name()).isEqualTo("GET " + route);
      assertThat(server.attributes()).containsEntry("http.route", route)
          .containsEntry("http.response.status_code", (long) response.statusCode());
      assertThat(work.parentSpanId()).isEqualTo(server.spanId());
      assertThat(server.endEpochNanos()).as("server span ends after the work it waited for")
          .isGreaterThanOrEqualTo(work.endEpochNanos());
      return server;
    }

    ReceivedSpan work() {
      return trace.stream().filter(s -> s.name().equals("GatedWork.run")).findFirst().orElseThrow();
    }
  }

  /**
   * The request-duration histogram before a request; deltas after it. The SERVER span is ended after
   * the metric is recorded, so once the span has arrived the metric is final.
   */
  private final class Metrics {
    private final PrometheusScrape before = scrape();

    /** Exactly one request counted on {@code route}, in the series with this status and error type. */
    void assertOneRequest(String route, String status, String errorType) {
      PrometheusScrape after = scrape();
      Map<String, String> series = Map.of("http_route", route, "http_response_status_code", status,
          "error_type", errorType);
      assertThat(count(after, Map.of("http_route", route)) - count(before, Map.of("http_route", route)))
          .as("requests counted on %s, in any series: %s", route, after.samples(DURATION + "_count",
              Map.of("http_route", route)))
          .isEqualTo(1.0);
      assertThat(count(after, series) - count(before, series)).as("requests counted in %s", series).isEqualTo(1.0);
    }

    double sumDelta(String route) {
      return sum(scrape(), route) - sum(before, route);
    }

    private double count(PrometheusScrape scrape, Map<String, String> labels) {
      return total(scrape, DURATION + "_count", labels);
    }

    private double sum(PrometheusScrape scrape, String route) {
      return total(scrape, DURATION + "_sum", Map.of("http_route", route));
    }

    private double total(PrometheusScrape scrape, String name, Map<String, String> labels) {
      return scrape.samples(name, labels).stream().mapToDouble(PrometheusScrape.Sample::value).sum();
    }

    private PrometheusScrape scrape() {
      return PrometheusScrape.parse(o11y.scrape());
    }
  }

  private ReceivedSpan awaitServerSpan(String traceId) {
    return receiver.awaitSpans(spans -> spans.stream()
            .anyMatch(s -> s.traceId().equals(traceId) && s.kind() == ReceivedSpan.Kind.SERVER), WAIT)
        .stream().filter(s -> s.traceId().equals(traceId) && s.kind() == ReceivedSpan.Kind.SERVER)
        .findFirst().orElseThrow();
  }

  private static String traceIdOf(HttpResponse<String> response) {
    return response.headers().firstValue("traceparent").orElseThrow().split("-")[1];
  }

  private HttpRequest request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build();
  }
}
