package dev.o11y.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.o11y.sdk.testing.PrometheusServer;
import dev.o11y.sdk.fixtures.Shop;
import dev.o11y.sdk.fixtures.Shop.Catalog;
import io.opentelemetry.api.trace.Span;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A real Prometheus 2.42 scrapes scrape() output: no errors, exemplars stored, counts queryable. */
class PrometheusScrapeAcceptanceTest {

  @Test
  void realPrometheusScrapesOpenMetricsWithExemplars() throws Exception {
    try (O11y o11y = O11y.builder().serviceName("shop").environment("test").otlpEndpoint("none").build()) {
      Shop shop = o11y.instrument(Shop.class,
          new Shop.ShopImpl(o11y.instrument(Catalog.Prices.class, new Catalog.PricesImpl())));
      List<String> traceIds = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        traceIds.add(o11y.observe("request", () -> {
          shop.checkout("c");
          return Span.current().getSpanContext().getTraceId();
        }));
      }

      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/metrics", exchange -> {
        byte[] body = o11y.scrape().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type",
            "application/openmetrics-text; version=1.0.0; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
      });
      server.start();
      try (PrometheusServer prometheus = PrometheusServer.scraping(
          "127.0.0.1:" + server.getAddress().getPort(), "/metrics")) {
        JsonNode targets = prometheus.await("/api/v1/targets",
            t -> t.path("data").path("activeTargets").path(0).path("health").asString("").equals("up"),
            Duration.ofSeconds(60));
        assertThat(targets.path("data").path("activeTargets").path(0).path("lastError").asString()).isEmpty();

        String count = "sum(o11y_operation_duration_seconds_count{operation=\"checkout\",result=\"ok\",service=\"shop\"})";
        JsonNode result = prometheus.await("/api/v1/query?query=" + encode(count),
            r -> r.path("data").path("result").size() == 1, Duration.ofSeconds(30));
        assertThat(result.path("data").path("result").path(0).path("value").path(1).asString()).isEqualTo("5");

        long now = System.currentTimeMillis() / 1000;
        JsonNode exemplars = prometheus.await("/api/v1/query_exemplars?query="
                + encode("o11y_operation_duration_seconds_bucket{operation=\"request\"}")
                + "&start=" + (now - 600) + "&end=" + (now + 600),
            r -> r.path("data").size() > 0, Duration.ofSeconds(30));
        String exemplarTrace = exemplars.path("data").path(0).path("exemplars").path(0)
            .path("labels").path("trace_id").asString();
        assertThat(traceIds).contains(exemplarTrace);
      } finally {
        server.stop(0);
      }
    }
  }

  private static String encode(String query) {
    return URLEncoder.encode(query, StandardCharsets.UTF_8);
  }
}
