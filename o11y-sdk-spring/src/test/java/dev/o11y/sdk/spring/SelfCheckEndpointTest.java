package dev.o11y.sdk.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o11y.sdk.spring.otelapp.OtelPropertiesApp;
import dev.o11y.sdk.testing.OtlpReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code /actuator/o11y} is on the application's port, where anyone can call it: it must neither
 * hand each caller a probe of the collector nor show credentials written into the collector's URL.
 */
class SelfCheckEndpointTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private OtlpReceiver collector;

  @BeforeEach
  void startCollector() {
    collector = OtlpReceiver.start();
  }

  @AfterEach
  void stopCollector() {
    collector.close();
  }

  @Test
  void concurrentChecksShareOneProbeOfACollectorThatNeverAnswers() throws Exception {
    collector.blackHole(true);
    try (ConfigurableApplicationContext app = start(collector.endpoint())) {
      List<CompletableFuture<HttpResponse<String>>> checks = IntStream.range(0, 8)
          .mapToObj(i -> HTTP.sendAsync(request(app, "/actuator/o11y"), HttpResponse.BodyHandlers.ofString()))
          .toList();

      for (CompletableFuture<HttpResponse<String>> check : checks) {
        HttpResponse<String> response = check.join();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(traces(response).path("exporterReachable").asBoolean()).isFalse();
      }
      // the receiver holds each probe unanswered on one of its 4 threads: one probe per caller
      // would show as 4 here
      assertThat(collector.awaitRequestCount(1, WAIT)).isEqualTo(1);
      assertThat(HTTP.send(request(app, "/actuator/o11y"), HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(503);
      assertThat(collector.requestCount()).as("a result younger than the interval is reused").isEqualTo(1);
    }
  }

  /** OpenTelemetry refuses an endpoint with a query at startup, so a password is what can reach it. */
  @Test
  void theEndpointShowsNoUserinfoOfTheCollectorUrl() throws Exception {
    try (ConfigurableApplicationContext app = start("http://user:secret@127.0.0.1:" + collector.port() + "/otlp")) {
      HttpResponse<String> response = HTTP.send(request(app, "/actuator/o11y"), HttpResponse.BodyHandlers.ofString());

      assertThat(response.body()).doesNotContain("secret").doesNotContain("user:");
      assertThat(traces(response).path("endpoint").asString())
          .isEqualTo("http://127.0.0.1:" + collector.port() + "/otlp/v1/traces");
    }
  }

  /** A servlet app exporting to {@code endpoint}; it samples nothing, so only probes reach the collector. */
  private static ConfigurableApplicationContext start(String endpoint) {
    return new SpringApplicationBuilder(OtelPropertiesApp.class).run("--server.port=0",
        "--spring.application.name=self-check", "--o11y.otlp-endpoint=" + endpoint, "--otel.traces.sampler=always_off");
  }

  private static HttpRequest request(ConfigurableApplicationContext app, String path) {
    int port = app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build();
  }

  private static JsonNode traces(HttpResponse<String> response) {
    return new ObjectMapper().readTree(response.body()).path("traces");
  }
}
