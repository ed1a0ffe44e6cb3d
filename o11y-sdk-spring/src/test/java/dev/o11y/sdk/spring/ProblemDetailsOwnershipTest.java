package dev.o11y.sdk.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o11y.sdk.spring.problemapp.WidgetApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Who answers Spring MVC's exceptions next to Boot's problem details and an application's own handler. */
class ProblemDetailsOwnershipTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode problem(HttpResponse<String> response) {
    assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
    return JSON.readTree(response.body());
  }

  /** Boot would add its own handler, ahead of every advice and without trace_id: the SDK's stands in. */
  @Nested
  @SpringBootTest(classes = WidgetApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
      properties = {"spring.application.name=widgets", "o11y.otlp-endpoint=none",
          "spring.mvc.problemdetails.enabled=true"})
  class BootProblemDetailsEnabled {
    @LocalServerPort
    int port;

    @Test
    void springMvcsExceptionsStillCarryTheTraceId() throws Exception {
      HttpResponse<String> response = get(port, "/widgets/abc");
      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(problem(response).path("trace_id").asString()).as(response.body())
          .isEqualTo(traceIdOf(response));
    }
  }

  /** An application's own ResponseEntityExceptionHandler answers Spring MVC's exceptions; the SDK the rest. */
  @Nested
  @SpringBootTest(classes = {WidgetApplication.class, ApplicationProblems.class},
      webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
      properties = {"spring.application.name=widgets", "o11y.otlp-endpoint=none"})
  class ApplicationsOwnHandler {
    @LocalServerPort
    int port;

    @Test
    void theApplicationsHandlerWinsAndTheSdkAnswersTheRest() throws Exception {
      HttpResponse<String> mvc = get(port, "/widgets/abc");
      assertThat(mvc.statusCode()).isEqualTo(400);
      assertThat(problem(mvc).path("answered_by").asString()).as(mvc.body()).isEqualTo("application");

      HttpResponse<String> unexpected = get(port, "/explode");
      assertThat(unexpected.statusCode()).isEqualTo(500);
      assertThat(problem(unexpected).path("trace_id").asString()).as(unexpected.body())
          .isEqualTo(traceIdOf(unexpected));
    }
  }

  /** Not component-scanned: only the context that lists it has it. */
  @RestControllerAdvice
  static class ApplicationProblems extends ResponseEntityExceptionHandler {
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode status,
        WebRequest request) {
      if (body instanceof ProblemDetail problem) {
        problem.setProperty("answered_by", "application");
      }
      return super.createResponseEntity(body, headers, status, request);
    }
  }

  static String traceIdOf(HttpResponse<?> response) {
    return ShopAppTest.traceIdOf(response);
  }
}
