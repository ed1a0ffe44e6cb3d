package dev.o11y.sdk.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.o11y.sdk.O11y;
import dev.o11y.sdk.spring.otelapp.OtelPropertiesApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** With the SDK switched off, Boot's own HTTP metrics are what the application keeps. */
class O11yEnabledPropertyTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void falseLeavesBootsOwnRequestTimer() throws Exception {
    try (ConfigurableApplicationContext app = new SpringApplicationBuilder(OtelPropertiesApp.class)
        .run("--server.port=0", "--spring.application.name=sdk-off", "--o11y.enabled=false")) {
      int port = app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
      assertThat(get(port, "/no-such-page").statusCode()).isEqualTo(404);

      assertThat(app.getBeansOfType(O11y.class)).isEmpty();
      // Boot records the timer as the request ends, which the client may see first
      await().atMost(Duration.ofSeconds(20)).until(
          () -> get(port, "/actuator/prometheus").body().contains("http_server_requests_seconds_count{"));
    }
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
