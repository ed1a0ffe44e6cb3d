package dev.o11y.examples.plain;

import com.sun.net.httpserver.HttpServer;
import dev.o11y.sdk.O11y;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a small load against an instrumented service and serves {@code /metrics}. Traces go to
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT} (default http://localhost:4318; "none" disables export).
 *
 * <pre>
 *   ./mvnw -q -f examples/plain-java exec:java -Dexec.args="--seconds 20 --port 8080"
 *   curl -s 127.0.0.1:8080/metrics | grep o11y_operation
 * </pre>
 */
public final class TackleShopMain {

  private static final Logger log = LoggerFactory.getLogger(TackleShopMain.class);
  private static final List<String> SKUS =
      List.of("spinning-rod-2.4m", "wobbler-minnow-7cm", "braided-line-0.12", "no-such-sku");

  public static void main(String[] args) throws Exception {
    Duration runFor = Duration.ofSeconds(intArg(args, "--seconds", 20));
    int port = intArg(args, "--port", 8080);

    try (O11y o11y = O11y.builder()
        .serviceName(envOr("OTEL_SERVICE_NAME", "tackle-inventory"))
        .environment(envOr("O11Y_ENV", "demo"))
        .build()) {
      Inventory inventory = o11y.instrument(Inventory.class, new WarehouseInventory());
      HttpServer metrics = serveMetrics(o11y, port);
      ExecutorService shoppers = o11y.wrap(Executors.newFixedThreadPool(2));
      log.info("load for {}s; metrics on http://127.0.0.1:{}/metrics", runFor.toSeconds(), port);

      long deadline = System.nanoTime() + runFor.toNanos();
      long calls = 0;
      while (System.nanoTime() < deadline) {
        String sku = SKUS.get(ThreadLocalRandom.current().nextInt(SKUS.size()));
        // one trace per "request": observe() starts it, the proxied call and the pool hop join it
        o11y.observe("shopper-request", () -> shoppers.submit(() -> reserveQuietly(inventory, sku)).get());
        calls++;
      }
      shoppers.shutdown();
      shoppers.awaitTermination(5, TimeUnit.SECONDS);
      log.info("done: {} requests; scrape summary follows on stderr", calls);
      o11y.scrape().lines()
          .filter(line -> line.startsWith("o11y_operation_duration_seconds_count"))
          .forEach(System.err::println);
      metrics.stop(0);
    }
  }

  private static int reserveQuietly(Inventory inventory, String sku) {
    try {
      return inventory.reserve(sku, 1);
    } catch (IllegalArgumentException unknownSku) {
      log.warn("rejected: {}", unknownSku.getMessage());
      return -1;
    }
  }

  private static HttpServer serveMetrics(O11y o11y, int port) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext("/metrics", exchange -> {
      byte[] body = o11y.scrape().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type",
          "application/openmetrics-text; version=1.0.0; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    return server;
  }

  private static int intArg(String[] args, String name, int fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return fallback;
  }

  private static String envOr(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
