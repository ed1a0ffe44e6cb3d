package dev.o11y.sdk.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o11y.sdk.spring.app.ReleaseGate;
import dev.o11y.sdk.spring.app.RequestThreadProbe;
import dev.o11y.sdk.spring.app.SingleWorker;
import dev.o11y.sdk.testing.CapturedLogs;
import dev.o11y.sdk.testing.PrometheusScrape;
import dev.o11y.sdk.testing.ReceivedSpan;
import io.opentelemetry.context.Context;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Handlers that answer from another thread ({@code CompletableFuture}, {@code DeferredResult},
 * {@code Callable}, {@code WebAsyncTask}, {@code StreamingResponseBody}, server-sent events, a
 * timeout, a second async cycle, a client gone before the answer): the request thread returns before
 * the response exists. What a user sees must still describe the response they got: one SERVER span
 * that ends after the work, the real status on span and metric, the trace id in problem+json, the
 * trace and request ids in the work's log lines, and no thread left carrying them.
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

  @Autowired
  SingleWorker worker;

  private long dirtyOnEntryBefore;
  private long dirtyOnExitBefore;
  private long dirtyAfterListenersBefore;

  @BeforeEach
  void rememberProbe() {
    dirtyOnEntryBefore = probe.dirtyOnEntry();
    dirtyOnExitBefore = probe.dirtyOnExit();
    dirtyAfterListenersBefore = probe.dirtyAfterListeners();
  }

  @AfterEach
  void requestThreadsStayedClean() {
    assertThat(probe.dirtyOnEntry() - dirtyOnEntryBefore)
        .as("dispatches that started on a thread carrying MDC or a span").isZero();
    assertThat(probe.dirtyOnExit() - dirtyOnExitBefore)
        .as("dispatches that left MDC or a span on their thread").isZero();
    assertThat(probe.dirtyAfterListeners() - dirtyAfterListenersBefore)
        .as("async completions, errors and timeouts that left MDC or a span on the container thread").isZero();
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

  /**
   * The work's thread gets the request's {@code request_id} with its trace (the id travels in the
   * context the executor carries) and gives both back when the task ends.
   */
  @Test
  void requestIdFollowsTheWorkOntoAPoolThreadAndLeavesWithIt() throws Exception {
    runGated("/async/wrapped/", "ok-").assertOkAfterTheWork("/async/wrapped/{key}");

    // the pool's one thread, asked through the unwrapped executor once the request's task is done
    assertThat(worker.raw().submit(MDC::getCopyOfContextMap).get(WAIT.toSeconds(), TimeUnit.SECONDS))
        .as("MDC the worker thread kept after the request's task").isNullOrEmpty();
    assertThat(worker.raw().submit(Context::current).get(WAIT.toSeconds(), TimeUnit.SECONDS))
        .as("context the worker thread kept after the request's task").isSameAs(Context.root());
  }

  @Test
  void webAsyncTaskRunsOnMvcsExecutorInTheRequestsTrace() throws Exception {
    runGated("/async/task/", "ok-").assertOkAfterTheWork("/async/task/{key}");
  }

  /**
   * The task's own timeout answers without waiting for the work, which the gate holds until the
   * answer is in: the client gets a 503 problem with the trace id, and span and metric say so.
   * (Spring MVC cancels the work on timeout, so whether it ever starts depends on the executor.)
   */
  @Test
  void webAsyncTaskTimeoutIsA503ProblemWithoutWaitingForTheWork() throws Exception {
    String route = "/async/task-timeout/{key}";
    String key = ReleaseGate.DEAF + UUID.randomUUID();
    String path = "/async/task-timeout/" + key;
    Metrics metrics = new Metrics();
    HttpResponse<String> response;
    List<JsonNode> lines;
    try (CapturedLogs logs = CapturedLogs.start()) {
      try {
        response = http.send(request(path), HttpResponse.BodyHandlers.ofString());
      } finally {
        gate.release(key);
      }
      probe.awaitCompleted(path, WAIT);
      lines = logs.json();
    }

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
    String traceId = traceIdOf(response);
    assertThat(JSON.readTree(response.body()).path("trace_id").asString()).as(response.body()).isEqualTo(traceId);
    assertTimeoutLoggedAsOneWarning(lines, traceId);
    ReceivedSpan server = awaitServerSpan(traceId);
    assertThat(server.name()).isEqualTo("GET " + route);
    assertThat(server.attributes()).containsEntry("http.route", route)
        .containsEntry("http.response.status_code", 503L)
        .containsEntry("error.type", "AsyncRequestTimeoutException");
    assertThat(server.statusCode()).isEqualTo("ERROR");
    metrics.assertOneRequest(route, "503", "AsyncRequestTimeoutException");
  }

  /** Spring MVC writes a {@code StreamingResponseBody} from its executor; the span lasts until the body is done. */
  @Test
  void streamingResponseBodySpanCoversTheWholeBody() throws Exception {
    Gated request = runGated("/async/stream/", "ok-");

    assertThat(request.response.body()).isEqualTo("started\ndone " + request.key);
    request.assertOkAfterTheWork("/async/stream/{key}");
  }

  /**
   * A {@code Callable} whose result is a future: the dispatch that receives it starts a second async
   * cycle. Still one request: one span, one count, ended by the dispatch that writes the response.
   */
  @Test
  void requestThatGoesAsyncAgainIsRecordedOnceWhenItsLastCycleCompletes() throws Exception {
    Gated request = runGated("/async/again/", "ok-");

    assertThat(request.response.body()).isEqualTo("done " + request.key);
    request.assertOkAfterTheWork("/async/again/{key}");
  }

  /**
   * The client resets the connection while the work runs. Spring MVC writes the result into the
   * response buffer and the request completes; Tomcat meets the reset only as it flushes the finished
   * response, and then completes the request a second time. It ends once, as it was answered.
   */
  @Test
  void clientGoneBeforeABufferedAsyncResultIsFlushedEndsTheRequestOnce() throws Exception {
    Disconnected request = disconnectWhileTheWorkRuns("/async/wrapped/",
        // the work's thread has handed its result to Spring MVC by the time it runs this
        () -> worker.raw().submit(() -> { }).get(WAIT.toSeconds(), TimeUnit.SECONDS));

    request.assertEndedOnce("200", "none");
    assertThat(request.server.statusCode()).isEqualTo("UNSET");
  }

  /**
   * The client resets the connection while a streamed body is being written: Spring MVC's flush
   * fails. The request ends once, as an I/O error, and a client gone is no stack trace in the log.
   */
  @Test
  void clientGoneWhileAStreamedBodyIsWrittenEndsTheRequestOnceAsAnIoError() throws Exception {
    Disconnected request = disconnectWhileTheWorkRuns("/async/stream/", () -> { });

    request.assertEndedOnce("200", "IOException");
    assertThat(request.server.statusCode()).isEqualTo("ERROR");
  }

  /**
   * Sends a request, resets the connection once the work runs and the request thread has returned,
   * releases the work and waits until the container has completed the request and {@code settled}
   * says nothing more will happen; collects the log lines written meanwhile.
   */
  private Disconnected disconnectWhileTheWorkRuns(String path, Settled settled) throws Exception {
    String key = "ok-" + UUID.randomUUID();
    Metrics metrics = new Metrics();
    List<JsonNode> lines;
    try (CapturedLogs logs = CapturedLogs.start()) {
      try (Socket socket = new Socket("127.0.0.1", port)) {
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + key + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        gate.awaitArrival(key);
        probe.awaitReturnedAsync(path + key, WAIT);
        socket.setSoLinger(true, 0); // closing sends a reset, as from a client that crashed or gave up
      } finally {
        gate.release(key);
      }
      probe.awaitCompleted(path + key, WAIT);
      settled.await();
      lines = logs.json();
    }
    String traceId = workLine(lines, key).path("trace_id").asString();
    ReceivedSpan work = awaitSpan(traceId, "GatedWork.run");
    ReceivedSpan server = awaitServerSpan(traceId);
    assertThat(work.parentSpanId()).isEqualTo(server.spanId());
    return new Disconnected(path + "{key}", server, lines, metrics);
  }

  @FunctionalInterface
  private interface Settled {
    void await() throws Exception;
  }

  private record Disconnected(String route, ReceivedSpan server, List<JsonNode> lines, Metrics metrics) {

    void assertEndedOnce(String status, String errorType) {
      assertThat(server.name()).isEqualTo("GET " + route);
      assertThat(server.attributes()).containsEntry("http.response.status_code", Long.parseLong(status));
      assertThat(server.attr("error.type")).isEqualTo(errorType.equals("none") ? null : errorType);
      metrics.assertOneRequest(route, status, errorType);
      assertThat(lines).as("log lines while the client went away")
          .noneMatch(l -> l.has("stack_trace"))
          .noneMatch(l -> l.path("level").asString().equals("ERROR"));
    }
  }

  @Test
  void timedOutAsyncRequestIsA503ProblemOnSpanAndMetric() throws Exception {
    String route = "/async/timeout";
    Metrics metrics = new Metrics();
    HttpResponse<String> response;
    List<JsonNode> lines;
    try (CapturedLogs logs = CapturedLogs.start()) {
      response = http.send(request(route), HttpResponse.BodyHandlers.ofString());
      probe.awaitCompleted(route, WAIT);
      lines = logs.json();
    }

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
    String traceId = traceIdOf(response);
    assertThat(JSON.readTree(response.body()).path("trace_id").asString()).as(response.body()).isEqualTo(traceId);
    assertTimeoutLoggedAsOneWarning(lines, traceId);
    ReceivedSpan server = awaitServerSpan(traceId);
    assertThat(server.attributes()).containsEntry("http.route", route)
        .containsEntry("http.response.status_code", 503L)
        .containsEntry("error.type", "AsyncRequestTimeoutException");
    assertThat(server.statusCode()).isEqualTo("ERROR");
    metrics.assertOneRequest(route, "503", "AsyncRequestTimeoutException");
  }

  /**
   * A handler's async time limit doing its job is no server bug: the request's log lines hold one
   * WARN naming it and no ERROR or stack trace, whichever handler type timed out.
   */
  private static void assertTimeoutLoggedAsOneWarning(List<JsonNode> lines, String traceId) {
    List<JsonNode> request = lines.stream().filter(l -> l.path("trace_id").asString().equals(traceId)).toList();
    assertThat(request).as("log lines of the timed-out request")
        .noneMatch(l -> l.has("stack_trace"))
        .noneMatch(l -> l.path("level").asString().equals("ERROR"))
        .filteredOn(l -> l.path("level").asString().equals("WARN"))
        .singleElement()
        .satisfies(l -> assertThat(l.path("message").asString()).contains("timed out"));
  }

  /**
   * Sends a request whose work is held by the gate and releases it once the work runs and the
   * request thread has returned, then collects what the request left once it has completed.
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
      probe.awaitCompleted(path + key, WAIT);
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
     * work's log line carries the request's trace id and the {@code X-Request-ID} the client got.
     */
    void assertOkAfterTheWork(String route) {
      assertThat(response.statusCode()).isEqualTo(200);
      serverAfterTheWork(route);
      metrics.assertOneRequest(route, "200", "none");
      JsonNode line = workLine(lines, key);
      assertThat(line.path("thread_name").asString()).doesNotStartWith("http-nio");
      assertThat(line.path("trace_id").asString()).isEqualTo(traceId);
      assertThat(line.path("request_id").asString()).as("request_id of the work's line: %s", line)
          .isEqualTo(requestId());
      // the request thread's lines, where the handler writes one, carry the same ids
      assertThat(lines).filteredOn(l -> l.path("message").asString().contains(key))
          .allSatisfy(l -> assertThat(l.path("request_id").asString()).as("%s", l).isEqualTo(requestId()))
          .allSatisfy(l -> assertThat(l.path("trace_id").asString()).as("%s", l).isEqualTo(traceId));
    }

    String requestId() {
      return response.headers().firstValue("X-Request-ID").orElseThrow();
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

  /** The line {@code GatedWork} writes on the work's thread. */
  private static JsonNode workLine(List<JsonNode> lines, String key) {
    return lines.stream()
        .filter(l -> l.path("message").asString().equals("async work " + key + " running"))
        .findFirst().orElseThrow(() -> new AssertionError("no line from the work of " + key));
  }

  private ReceivedSpan awaitServerSpan(String traceId) {
    return awaitSpan(traceId, s -> s.kind() == ReceivedSpan.Kind.SERVER);
  }

  /** The work's span, which ends on the work's own thread whenever the work ends. */
  private ReceivedSpan awaitSpan(String traceId, String name) {
    return awaitSpan(traceId, s -> s.name().equals(name));
  }

  private ReceivedSpan awaitSpan(String traceId, Predicate<ReceivedSpan> which) {
    Predicate<ReceivedSpan> wanted = s -> s.traceId().equals(traceId) && which.test(s);
    return receiver.awaitSpans(spans -> spans.stream().anyMatch(wanted), WAIT)
        .stream().filter(wanted).findFirst().orElseThrow();
  }

  private HttpRequest request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build();
  }
}
