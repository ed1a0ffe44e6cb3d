package dev.o11y.sdk.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.o11y.sdk.InterceptionProblem;
import dev.o11y.sdk.spring.app.AsyncWorker;
import dev.o11y.sdk.spring.app.ProductCatalog;
import dev.o11y.sdk.testing.CapturedLogs;
import dev.o11y.sdk.testing.PrometheusScrape;
import dev.o11y.sdk.testing.PrometheusServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import dev.o11y.sdk.testing.ReceivedSpan;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import dev.o11y.sdk.spring.internal.HttpServerTracingFilter;
import jakarta.servlet.FilterRegistration;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.slf4j.MDC;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

class SpringEndToEndTest extends ShopAppTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void oneTraceFromTheIncomingRequestThroughMonitoredRestClientAndJdbc() throws Exception {
    String incomingTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
    String incomingSpan = "00f067aa0ba902b7";
    HttpResponse<String> response;
    List<JsonNode> lines;
    try (CapturedLogs logs = CapturedLogs.start()) {
      response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/products/7"))
          .header("traceparent", "00-" + incomingTrace + "-" + incomingSpan + "-01")
          .header("X-Request-ID", "req-123").build(), HttpResponse.BodyHandlers.ofString());
      lines = logs.json();
    }
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).get("stock").asInt()).isEqualTo(70);
    assertThat(response.headers().firstValue("X-Request-ID")).hasValue("req-123");
    assertThat(response.headers().firstValue("traceparent").orElseThrow()).startsWith("00-" + incomingTrace + "-");

    List<ReceivedSpan> trace = receiver.awaitSpans(
        spans -> spans.stream().filter(s -> s.traceId().equals(incomingTrace)).count() >= 5, WAIT)
        .stream().filter(s -> s.traceId().equals(incomingTrace)).toList();
    ReceivedSpan server = only(trace, s -> s.name().equals("GET /products/{id}"));
    ReceivedSpan monitored = only(trace, s -> s.name().equals("ProductCatalog.find"));
    ReceivedSpan client = only(trace, s -> s.kind() == ReceivedSpan.Kind.CLIENT && s.name().equals("GET"));
    ReceivedSpan downstream = only(trace, s -> s.name().equals("GET /inventory/{id}"));
    assertThat(server.kind()).isEqualTo(ReceivedSpan.Kind.SERVER);
    assertThat(server.parentSpanId()).isEqualTo(incomingSpan);
    assertThat(server.attributes()).containsEntry("http.route", "/products/{id}")
        .containsEntry("http.response.status_code", 200L)
        // set after the sampling decision: the default parent-based sampler does not read them
        .containsEntry("http.request.method", "GET")
        .containsEntry("url.scheme", "http")
        .containsEntry("url.path", "/products/7");
    assertThat(monitored.parentSpanId()).isEqualTo(server.spanId());
    assertThat(client.parentSpanId()).isEqualTo(monitored.spanId());
    assertThat(downstream.parentSpanId()).isEqualTo(client.spanId());
    assertThat(trace).anySatisfy(jdbc -> {
      assertThat(jdbc.kind()).isEqualTo(ReceivedSpan.Kind.CLIENT);
      assertThat(jdbc.attributes()).containsEntry("db.system", "postgresql");
      assertThat(jdbc.parentSpanId()).isEqualTo(monitored.spanId());
    });
    // connection checkouts from the pool are not spans (they end before the statement's span, so
    // they would have been exported by now)
    assertThat(trace).noneMatch(s -> s.name().endsWith("getConnection"));
    assertThat(server.resource()).containsEntry("service.name", "shop")
        .containsEntry("deployment.environment.name", "test");

    List<JsonNode> requestLines = lines.stream()
        .filter(l -> l.path("logger_name").asString().startsWith("dev.o11y.sdk.spring.app")).toList();
    assertThat(requestLines).hasSizeGreaterThanOrEqualTo(4);
    assertThat(requestLines).allSatisfy(l -> assertThat(l.get("trace_id").asString()).isEqualTo(incomingTrace));
    assertThat(requestLines).anySatisfy(l -> assertThat(l.get("request_id").asString()).isEqualTo("req-123"));
    // a controller that is not @Monitored logs under its route, as its span is named, not a bare "GET"
    assertThat(lineSaying(requestLines, "GET product 7").path("operation").asString()).isEqualTo("GET /products/{id}");
    assertThat(lineSaying(requestLines, "inventory lookup 7").path("operation").asString())
        .isEqualTo("GET /inventory/{id}");
  }

  @Test
  void workTheRequestHandsToAnotherThreadLogsUnderTheRequestsRoute() throws Exception {
    List<JsonNode> lines;
    try (CapturedLogs logs = CapturedLogs.start()) {
      assertThat(get("/products/5/audit").statusCode()).isEqualTo(200);
      lines = logs.json();
    }
    JsonNode audit = lineSaying(lines, "audit of product 5");
    assertThat(audit.path("thread_name").asString()).as("logged on the executor").doesNotStartWith("http-nio");
    assertThat(audit.path("operation").asString()).isEqualTo("GET /products/{id}/audit");
    assertThat(audit.path("trace_id").asString()).hasSize(32);
  }

  private static JsonNode lineSaying(List<JsonNode> lines, String message) {
    return lines.stream().filter(l -> l.path("message").asString().equals(message)).findFirst()
        .orElseThrow(() -> new AssertionError("no line '" + message + "' in " + lines));
  }

  @Test
  void routeTemplatedHttpMetricsAndMonitoredMetricsOnActuatorPrometheus() throws Exception {
    for (int i = 0; i < 3; i++) {
      get("/products/" + (100 + i));
    }
    HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
        .header("Accept", "application/openmetrics-text; version=1.0.0").build(), HttpResponse.BodyHandlers.ofString());
    PrometheusScrape metrics = PrometheusScrape.parse(scrape.body());
    assertThat(metrics.value("http_server_request_duration_seconds_count",
        Map.of("http_route", "/products/{id}", "http_request_method", "GET", "http_response_status_code", "200",
            "error_type", "none", "service", "shop", "env", "test"))).isGreaterThanOrEqualTo(3);
    assertThat(metrics.samples("http_server_request_duration_seconds_count"))
        .allSatisfy(s -> assertThat(s.labels().get("http_route")).doesNotContain("/products/10"));
    assertThat(metrics.value("o11y_operation_duration_seconds_count",
        Map.of("operation", "ProductCatalog.find", "result", "ok"))).isGreaterThanOrEqualTo(3);
    assertThat(metrics.samples("o11y_operation_duration_seconds_bucket", Map.of("operation", "ProductCatalog.find")))
        .anySatisfy(s -> assertThat(s.exemplar()).isNotNull());
    assertThat(metrics.samples("http_server_request_duration_seconds_count"))
        .allSatisfy(s -> assertThat(s.exemplar()).isNull());
  }

  @Autowired
  DataSource dataSource;

  @Test
  void theTracedDataSourceStillUnwrapsToThePoolForUsersAndBootsPoolMetrics() throws Exception {
    assertThat(dataSource.isWrapperFor(HikariDataSource.class)).isTrue();
    assertThat(dataSource.unwrap(HikariDataSource.class).getPoolName()).isEqualTo("shop");
    assertThat(get("/products/4").statusCode()).isEqualTo(200);
    HttpResponse<String> scrape = get("/actuator/prometheus");
    assertThat(PrometheusScrape.parse(scrape.body()).samples("hikaricp_connections", Map.of("pool", "shop")))
        .as("Boot binds the pool's metrics by unwrapping the DataSource bean").isNotEmpty();
  }

  @Autowired
  ServletWebServerApplicationContext servletContext;

  @Test
  void bootsOwnRequestTimerIsLeftOutBecauseOursTimesTheSameRequests() throws Exception {
    assertThat(get("/products/5").statusCode()).isEqualTo(200);
    assertThat(o11y.scrape()).contains("http_server_request_duration_seconds_count")
        .doesNotContain("http_server_requests_seconds");
    // its observation switched off, Boot's filter would only make a no-op observation per request
    assertThat(servletContext.getServletContext().getFilterRegistrations().values())
        .extracting(FilterRegistration::getClassName)
        .contains(HttpServerTracingFilter.class.getName())
        .doesNotContain(ServerHttpObservationFilter.class.getName());
  }

  @Test
  void requestsWithoutAUsableRequestIdGetAFreshUuid() throws Exception {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/products/1"));
      if (i % 2 == 1) {
        request.header("X-Request-ID", "x".repeat(129)); // longer than accepted: replaced
      }
      String id = http.send(request.build(), HttpResponse.BodyHandlers.discarding())
          .headers().firstValue("X-Request-ID").orElseThrow();
      UUID uuid = UUID.fromString(id);
      assertThat(uuid.toString()).isEqualTo(id);
      assertThat(uuid.version()).isEqualTo(4);
      assertThat(uuid.variant()).isEqualTo(2);
      ids.add(id);
    }
    assertThat(ids).hasSize(20);
  }

  /**
   * An incoming id that masking would change (card or phone number, JWT, credential) is not echoed
   * in clear while every log line hides it: the request gets a fresh id, its log line carries that one,
   * and the value sent appears nowhere. A plain id is kept, in the response and on the line alike.
   */
  @Test
  void aRequestIdThatLooksLikeASecretIsReplacedAndNeverLogged() throws Exception {
    List<String> secretLooking = List.of("4111-1111-1111-1111", "8-912-345-67-89",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.c2lnbmF0dXJl", "token:s3cr3t-value");
    for (String sent : secretLooking) {
      RequestIdSeen seen = inventoryWithRequestId(sent);
      assertThat(seen.echoed()).as(sent).isNotEqualTo(sent);
      assertThat(UUID.fromString(seen.echoed()).version()).as(sent).isEqualTo(4);
      assertThat(seen.logged()).as(sent).isEqualTo(seen.echoed());
      assertThat(seen.capturedOutput()).as(sent).doesNotContain(sent);
    }
    RequestIdSeen plain = inventoryWithRequestId("order-42.retry:1");
    assertThat(plain.echoed()).isEqualTo("order-42.retry:1");
    assertThat(plain.logged()).isEqualTo("order-42.retry:1");
  }

  private record RequestIdSeen(String echoed, String logged, String capturedOutput) {}

  private RequestIdSeen inventoryWithRequestId(String requestId) throws Exception {
    try (CapturedLogs logs = CapturedLogs.start()) {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/inventory/3"))
          .header("X-Request-ID", requestId).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      String traceId = traceIdOf(response);
      JsonNode line = logs.json().stream()
          .filter(l -> l.path("trace_id").asString("").equals(traceId) && l.path("message").asString("").equals("inventory lookup 3"))
          .findFirst().orElseThrow();
      return new RequestIdSeen(response.headers().firstValue("X-Request-ID").orElseThrow(),
          line.path("request_id").asString(), logs.raw());
    }
  }

  @Test
  void realPrometheusScrapesActuatorAndAnswersPromQlOverTheRouteLabel() throws Exception {
    for (int i = 0; i < 4; i++) {
      assertThat(get("/catalog/rod-" + i + "/price").statusCode()).isEqualTo(200);
    }
    try (PrometheusServer prometheus = PrometheusServer.scraping("127.0.0.1:" + port, "/actuator/prometheus")) {
      JsonNode targets = prometheus.await("/api/v1/targets",
          t -> t.path("data").path("activeTargets").path(0).path("health").asString("").equals("up"), WAIT);
      assertThat(targets.path("data").path("activeTargets").path(0).path("lastError").asString()).isEmpty();
      String query = URLEncoder.encode(
          "sum(http_server_request_duration_seconds_count{http_route=\"/catalog/{sku}/price\",service=\"shop\"})",
          StandardCharsets.UTF_8);
      JsonNode result = prometheus.await("/api/v1/query?query=" + query,
          r -> r.path("data").path("result").size() == 1, WAIT);
      assertThat(result.path("data").path("result").path(0).path("value").path(1).asString()).isEqualTo("4");
    }
  }

  @Test
  void exceptionsBecomeProblemJsonWithTheTraceIdAndAreRecordedOnce() throws Exception {
    HttpResponse<String> response = get("/boom");
    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
    JsonNode problem = JSON.readTree(response.body());
    String traceId = problem.get("trace_id").asString();
    assertThat(traceId).matches("[0-9a-f]{32}");
    assertThat(response.body()).doesNotContain("hunter2").doesNotContain("at dev.o11y");
    ReceivedSpan server = receiver.awaitSpans(
        spans -> spans.stream().anyMatch(s -> s.traceId().equals(traceId)), WAIT).stream()
        .filter(s -> s.traceId().equals(traceId)).findFirst().orElseThrow();
    assertThat(server.name()).isEqualTo("GET /boom");
    assertThat(server.statusCode()).isEqualTo("ERROR");
    assertThat(server.events()).filteredOn(e -> e.name().equals("exception")).hasSize(1);
    assertThat(server.attributes()).containsEntry("error.type", "IllegalStateException");
  }

  @Test
  void forwardsAndErrorPagesAreOneServerSpanAndSamplePerRequest() throws Exception {
    HttpResponse<String> forwarded = get("/legacy/products/7");
    assertThat(forwarded.statusCode()).isEqualTo(200);
    HttpResponse<String> teapot = get("/teapot");
    assertThat(teapot.statusCode()).isEqualTo(418);
    HttpResponse<String> moved = get("/moved/products/9"); // forwarded by a filter ahead of the SDK's
    assertThat(moved.statusCode()).isEqualTo(200);
    String forwardedTrace = traceIdOf(forwarded);
    String movedTrace = traceIdOf(moved);
    String teapotTrace = traceIdOf(teapot);
    // spans are exported in the order they end: once a later request's span is here, so is any
    // second SERVER span of the two before it
    String marker = traceIdOf(get("/catalog/after-dispatches/price"));
    List<ReceivedSpan> spans = receiver.awaitSpans(
        received -> received.stream().anyMatch(s -> s.traceId().equals(marker)), WAIT);

    assertThat(only(spans, s -> shopServerSpan(s, forwardedTrace)).attributes())
        .containsEntry("url.path", "/legacy/products/7");
    assertThat(only(spans, s -> shopServerSpan(s, movedTrace)).attributes()).containsEntry("url.path", "/products/9");
    ReceivedSpan teapotServer = only(spans, s -> shopServerSpan(s, teapotTrace));
    assertThat(teapotServer.name()).isEqualTo("GET /teapot");
    assertThat(teapotServer.attributes()).containsEntry("http.response.status_code", 418L);
    assertThat(PrometheusScrape.parse(o11y.scrape()).value("http_server_request_duration_seconds_count",
        Map.of("http_route", "/teapot", "http_response_status_code", "418"))).isEqualTo(1.0);
  }

  /** A SERVER span of the trace, but for the inventory calls the product handler makes over HTTP. */
  private static boolean shopServerSpan(ReceivedSpan span, String traceId) {
    return span.kind() == ReceivedSpan.Kind.SERVER && span.traceId().equals(traceId)
        && !"/inventory/{id}".equals(span.attributes().get("http.route"));
  }

  @Test
  void unknownPathsAreProblemJson404AndNeverARawPathLabel() throws Exception {
    HttpResponse<String> response = get("/no/such/path/4242");
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(response.body()).has("trace_id")).isTrue();
    assertThat(o11y.scrape()).doesNotContain("/no/such/path");
  }

  @Autowired
  AsyncWorker asyncWorker;

  @Test
  void asyncMethodsRunInTheCallersTraceAndMdc() throws Exception {
    String[] seen = o11y.observe("dispatch", () -> {
      String[] onPool = asyncWorker.traceSeenOnPool().get();
      return new String[] {MDC.get("trace_id"), onPool[0], onPool[1]};
    });
    assertThat(seen[1]).as("ran on another thread").isNotEqualTo(Thread.currentThread().getName());
    assertThat(seen[2]).isNotNull().isEqualTo(seen[0]);
  }

  @Test
  void configurationMetadataLetsIdesCompleteO11yProperties() throws Exception {
    try (var in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      JsonNode metadata = JSON.readTree(in);
      List<String> names = new java.util.ArrayList<>();
      metadata.get("properties").forEach(p -> names.add(p.get("name").asString()));
      assertThat(names).contains("o11y.service-name", "o11y.otlp-endpoint", "o11y.environment",
          "o11y.series-limit", "o11y.shutdown-timeout", "o11y.profiling.url", "o11y.enabled",
          "o11y.monitored.advisor-order");
    }
  }

  @Test
  void selfInvocationIsReportedAtStartup() {
    assertThat(o11y.interceptionProblems()).extracting(InterceptionProblem::method, InterceptionProblem::reason)
        .anySatisfy(problem -> {
          assertThat((String) problem.toList().get(0)).startsWith(ProductCatalog.class.getName() + ".find(");
          assertThat((String) problem.toList().get(1)).contains("self-invocation from ProductCatalog.findTwice")
              .contains("calls from other beans are intercepted");
        });
  }

  /**
   * Up with every signal working. The probe's answer is reused for 10 s, so the turn to DOWN is
   * in {@code SelfCheckTest}, where each check has a probe of its own.
   */
  @Test
  void selfCheckIsUpWhileEverySignalWorks() throws Exception {
    HttpResponse<String> up = get("/actuator/o11y");
    assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
    JsonNode body = JSON.readTree(up.body());
    assertThat(body.get("status").asString()).isEqualTo("UP");
    assertThat(body.path("traces").path("exporterReachable").asBoolean()).isTrue();
    assertThat(body.path("logs").path("mdc").asBoolean()).isTrue();
    assertThat(body.path("logs").path("json").asBoolean()).isTrue();
    assertThat(body.path("metrics").path("exemplars").asBoolean()).isTrue();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static ReceivedSpan only(List<ReceivedSpan> spans, java.util.function.Predicate<ReceivedSpan> match) {
    List<ReceivedSpan> found = spans.stream().filter(match).toList();
    assertThat(found).as("spans: %s", spans.stream().map(s -> s.kind() + " " + s.name()).toList()).hasSize(1);
    return found.get(0);
  }
}
