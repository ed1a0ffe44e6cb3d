package dev.o11y.sdk.spring;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * What a client gets when a request fails, and what the failure costs the error budget: a client's
 * mistake gets Spring MVC's own status and headers as problem+json with {@code trace_id}, and is no
 * server error (no ERROR line, span not in error, {@code error_type="none"}); only the server's own
 * failures are.
 */
class ProblemDetailsTest extends ShopAppTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DURATION_COUNT = "http_server_request_duration_seconds_count";

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void malformedJsonIsA400ThatCostsNoErrorBudget() throws Exception {
    Map<String, String> clientError = Map.of("http_route", "/orders", "http_request_method", "POST",
        "http_response_status_code", "400", "error_type", "none");
    double before = count(clientError);
    Failure failure = send(HttpRequest.newBuilder(uri("/orders")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"sku\": ")));

    failure.assertClientError(400);
    assertThat(count(clientError) - before).isEqualTo(1.0);
    assertThat(PrometheusScrape.parse(o11y.scrape()).samples(DURATION_COUNT, Map.of("http_route", "/orders")))
        .allSatisfy(s -> assertThat(s.labels()).containsEntry("error_type", "none"));
  }

  @Test
  void aPathVariableOfTheWrongTypeIsA400() throws Exception {
    send(HttpRequest.newBuilder(uri("/orders/abc"))).assertClientError(400);
  }

  @Test
  void responseStatusOnTheExceptionClassGivesItsStatusAndOnlyTheAnnotationsReason() throws Exception {
    Failure unknown = send(HttpRequest.newBuilder(uri("/orders/42")));
    unknown.assertClientError(404);
    assertThat(unknown.problem().has("detail")).as(unknown.response.body()).isFalse();

    Failure archived = send(HttpRequest.newBuilder(uri("/orders/42/invoice")));
    archived.assertClientError(410);
    assertThat(archived.problem().path("detail").asString()).isEqualTo("The invoice was archived");
  }

  @Test
  void anUnsupportedMethodIsA405WithAllow() throws Exception {
    Failure failure = send(HttpRequest.newBuilder(uri("/orders/42")).DELETE());
    failure.assertClientError(405);
    assertThat(failure.response.headers().firstValue("Allow").orElse("")).contains("GET");
  }

  /** Left to Spring Security's ExceptionTranslationFilter (see AccessDeniedTranslator), which answers 403. */
  @Test
  void accessDeniedIsLeftToSpringSecurity() throws Exception {
    assertLeftToSpringSecurity("/orders/42/audit", 403);
  }

  /** An authentication failure too: Spring Security starts authentication, here with a 401. */
  @Test
  void aMissingLoginIsLeftToSpringSecurity() throws Exception {
    assertLeftToSpringSecurity("/orders/42/owner", 401);
  }

  private void assertLeftToSpringSecurity(String path, int status) throws Exception {
    HttpResponse<String> response;
    List<JsonNode> lines;
    try (CapturedLogs logs = CapturedLogs.start()) {
      response = http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
      lines = logs.json();
    }
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    String traceId = traceIdOf(response);
    assertThat(lines).filteredOn(l -> l.path("trace_id").asString().equals(traceId))
        .noneMatch(l -> l.path("level").asString().equals("ERROR"));
    assertThat(awaitServerSpan(traceId).statusCode()).isNotEqualTo("ERROR");
  }

  @Test
  void anUnexpectedExceptionIsA500WithTheGenericDetailLoggedOnce() throws Exception {
    Failure failure = send(HttpRequest.newBuilder(uri("/boom")));
    assertThat(failure.response.statusCode()).isEqualTo(500);
    failure.assertProblemWithTraceId();
    assertThat(failure.problem().path("detail").asString())
        .isEqualTo("The request failed; quote trace_id when reporting it.");
    assertThat(failure.response.body()).doesNotContain("hunter2");
    assertThat(failure.requestLines()).filteredOn(l -> l.path("level").asString().equals("ERROR"))
        .singleElement()
        .satisfies(l -> assertThat(l.path("stack_trace").asString()).contains("IllegalStateException"));
    assertThat(awaitServerSpan(failure.traceId()).statusCode()).isEqualTo("ERROR");
  }

  private record Failure(HttpResponse<String> response, List<JsonNode> lines, ReceivedSpan server) {

    String traceId() {
      return traceIdOf(response);
    }

    JsonNode problem() {
      return JSON.readTree(response.body());
    }

    List<JsonNode> requestLines() {
      return lines.stream().filter(l -> l.path("trace_id").asString().equals(traceId())).toList();
    }

    void assertProblemWithTraceId() {
      assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
      assertThat(problem().path("trace_id").asString()).as(response.body()).isEqualTo(traceId());
      assertThat(response.body()).doesNotContain("Exception").doesNotContain("at dev.o11y");
    }

    /** Spring's status as problem+json; not a server error anywhere. */
    void assertClientError(int status) {
      assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
      assertProblemWithTraceId();
      assertThat(problem().path("status").asInt()).isEqualTo(status);
      assertThat(response.body()).doesNotContain("alice@example.com").doesNotContain("s3://");
      assertThat(requestLines()).as("the request's log lines")
          .noneMatch(l -> l.path("level").asString().equals("ERROR"))
          .noneMatch(l -> l.has("stack_trace"));
      assertThat(server.statusCode()).isNotEqualTo("ERROR");
      assertThat(server.attributes()).containsEntry("http.response.status_code", (long) status)
          .doesNotContainKey("error.type");
      assertThat(server.events()).noneMatch(e -> e.name().equals("exception"));
    }
  }

  private Failure send(HttpRequest.Builder request) throws Exception {
    try (CapturedLogs logs = CapturedLogs.start()) {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      List<JsonNode> lines = logs.json();
      return new Failure(response, lines, awaitServerSpan(traceIdOf(response)));
    }
  }

  private ReceivedSpan awaitServerSpan(String traceId) {
    return receiver.awaitSpans(spans -> spans.stream().anyMatch(s -> isServer(s, traceId)), WAIT).stream()
        .filter(s -> isServer(s, traceId)).findFirst().orElseThrow();
  }

  private static boolean isServer(ReceivedSpan span, String traceId) {
    return span.kind() == ReceivedSpan.Kind.SERVER && span.traceId().equals(traceId);
  }

  private double count(Map<String, String> labels) {
    return PrometheusScrape.parse(o11y.scrape()).samples(DURATION_COUNT, labels).stream()
        .mapToDouble(PrometheusScrape.Sample::value).sum();
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }
}
