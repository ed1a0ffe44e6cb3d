package dev.o11y.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o11y.sdk.testing.CapturedLogs;
import dev.o11y.sdk.testing.OtlpReceiver;
import dev.o11y.sdk.testing.PrometheusScrape;
import dev.o11y.sdk.testing.PyroscopeReceiver;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * {@code close()} runs in the host's shutdown (a pod's grace period, Spring's context close, a JVM
 * shutdown hook): a dead backend may cost it the shutdown budget, never the exporter's timeouts.
 * What could not be delivered in time is counted and logged once, never silently lost; a healthy
 * collector still gets everything.
 */
class ShutdownBudgetTest {

  /** The default budget of {@code close()}. */
  private static final Duration BUDGET = Duration.ofSeconds(2);
  /**
   * What close() may take beyond its budget: a sanity bound, not a measurement, generous for a
   * 2-core machine under a load average of 20 (seen: 2.5 s over), yet budget + slack stays below
   * the 10 s that close() used to wait out.
   */
  private static final Duration SLACK = Duration.ofSeconds(5);
  /** Spans still queued at close: below the 2,048 queue capacity, so none is refused before close. */
  private static final int QUEUED = 1_500;

  @ParameterizedTest
  @ValueSource(strings = {"black-hole", "closed", "500-slowly", "429"})
  void aDeadCollectorCostsCloseAtMostItsBudgetAndEveryAbandonedSpanIsCounted(String fault) {
    Consumer<OtlpReceiver> breakIt = switch (fault) {
      case "black-hole" -> c -> c.blackHole(true);
      case "closed" -> OtlpReceiver::refuseConnections;
      case "500-slowly" -> c -> c.respondWithStatus(500, Duration.ofSeconds(4));
      default -> c -> c.respondWithStatus(429);
    };
    Set<Thread> threadsBefore = liveNonDaemonThreads();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (OtlpReceiver collector = OtlpReceiver.start()) {
      O11y o11y = O11y.builder().serviceName("shop").otlpEndpoint(collector.endpoint())
          .meterRegistry(registry).build();
      breakIt.accept(collector);
      for (int i = 0; i < QUEUED; i++) {
        o11y.observe("queued", () -> { });
      }

      Closed closed = closeCapturingLogs(o11y, collector);

      assertThat(closed.took()).as("close() with the collector %s", fault).isLessThan(BUDGET.plus(SLACK));
      assertThat(droppedSpans(registry)).as("spans counted as dropped").isEqualTo(QUEUED);
      assertThat(collector.spans()).as("spans the broken collector stored")
          .noneMatch(s -> s.name().equals("queued"));
      List<String> dropLines = closed.messagesContaining("o11y_sdk_dropped_spans_total");
      assertThat(dropLines).as("log lines about spans given up at close").hasSize(1);
      assertThat(dropLines.get(0)).contains(QUEUED + " spans");
      closed.assertOnlyTheDropWarning();
    }
    assertNoNonDaemonThreadLeft(threadsBefore);
  }

  /**
   * The budget is generous here because this test is about what arrives, not how fast: the default
   * 2 s flushes these spans in 0.3–1 s, but a machine loaded 10x over can take longer.
   */
  @Test
  void aHealthyCollectorGetsEverySpanQueuedJustBeforeClose() {
    Set<Thread> threadsBefore = liveNonDaemonThreads();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (OtlpReceiver collector = OtlpReceiver.start()) {
      O11y o11y = O11y.builder().serviceName("shop").otlpEndpoint(collector.endpoint())
          .meterRegistry(registry).shutdownTimeout(Duration.ofSeconds(30)).build();
      for (int i = 0; i < QUEUED; i++) {
        o11y.observe("queued", () -> { });
      }

      Closed closed = closeCapturingLogs(o11y, collector);

      // no waiting here: close() itself must have delivered them
      assertThat(collector.spans().stream().filter(s -> s.name().equals("queued")).count())
          .as("spans the collector has when close() returns").isEqualTo(QUEUED);
      assertThat(droppedSpans(registry)).isZero();
      assertThat(closed.messagesContaining("o11y_sdk_dropped_spans_total")).isEmpty();
    }
    assertNoNonDaemonThreadLeft(threadsBefore);
  }

  /**
   * Both backends hang at once, with a budget set by the user: close() spends that budget trying
   * (so the setting is honoured, not the default) and no more, for both backends together.
   */
  @Test
  void aHangingProfilingServerAndCollectorTogetherCostCloseTheConfiguredBudget() {
    Duration budget = Duration.ofSeconds(3);
    Set<Thread> threadsBefore = liveNonDaemonThreads();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (PyroscopeReceiver pyroscope = PyroscopeReceiver.start();
        OtlpReceiver collector = OtlpReceiver.start()) {
      O11y o11y = O11y.builder().serviceName("shop").otlpEndpoint(collector.endpoint())
          .meterRegistry(registry).profilingUrl(pyroscope.url())
          .profilingUploadInterval(Duration.ofSeconds(1)).shutdownTimeout(budget).build();
      pyroscope.awaitUploads(u -> !u.isEmpty(), Duration.ofSeconds(30));
      pyroscope.blackHole();
      collector.blackHole(true);
      int attempts = pyroscope.attempts();
      pyroscope.awaitAttempts(attempts + 1, Duration.ofSeconds(30)); // an upload hangs in there now
      for (int i = 0; i < QUEUED; i++) {
        o11y.observe("queued", () -> { });
      }

      Closed closed = closeCapturingLogs(o11y, collector);

      assertThat(closed.took()).as("close() with both backends hanging")
          .isGreaterThanOrEqualTo(budget).isLessThan(budget.plus(SLACK));
      assertThat(droppedSpans(registry)).isEqualTo(QUEUED);
      List<String> dropLines = closed.messagesContaining("o11y_sdk_dropped_spans_total");
      assertThat(dropLines).hasSize(1);
      assertThat(dropLines.get(0)).contains(QUEUED + " spans", "3s budget");
      closed.assertOnlyTheDropWarning();
    }
    assertNoNonDaemonThreadLeft(threadsBefore);
  }

  /**
   * Only close()'s own cancellations are quiet: a collector failing while the application runs is
   * still reported, after another instance's close() has cancelled exports too. The SDK reports it
   * ({@code dev.o11y.sdk.SpanExport}, OpenTelemetry's own line being at DEBUG), with OpenTelemetry's
   * last error.
   */
  @Test
  void exportFailuresWhileRunningAreStillLoggedAfterACloseCancelledExports() {
    try (OtlpReceiver collector = OtlpReceiver.start()) {
      O11y gaveUp = O11y.builder().serviceName("shop").otlpEndpoint(collector.endpoint()).build();
      collector.respondWithStatus(429);
      for (int i = 0; i < QUEUED; i++) {
        gaveUp.observe("queued", () -> { });
      }
      closeCapturingLogs(gaveUp, collector).assertOnlyTheDropWarning();
    }
    try (OtlpReceiver collector = OtlpReceiver.start(); CapturedLogs logs = CapturedLogs.start()) {
      collector.respondWithStatus(500);
      O11y running = O11y.builder().serviceName("shop").otlpEndpoint(collector.endpoint())
          .otelProperties(Map.of("otel.bsp.schedule.delay", "50")).build();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      List<JsonNode> failures = List.of();
      while (failures.isEmpty() && System.nanoTime() < deadline) {
        running.observe("running", () -> { });
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50)); // polling the log: nothing to be signalled by
        failures = logs.json().stream()
            .filter(l -> l.path("logger_name").asString().equals("dev.o11y.sdk.SpanExport"))
            .filter(l -> l.path("level").asString().equals("WARN")).toList();
      }
      assertThat(failures).as("the SDK's warning about the collector answering 500 while running").isNotEmpty();
      assertThat(failures.get(0).path("message").asString()).contains("500");
      running.close();
    }
  }

  private record Closed(Duration took, List<JsonNode> logs) {
    List<String> messagesContaining(String text) {
      return logs.stream().map(l -> l.path("message").asString(""))
          .filter(m -> m.contains(text)).toList();
    }

    /**
     * Giving up at the budget is said once, by the SDK's WARN line with the count: no ERROR per
     * cancelled export from OpenTelemetry's exporter, no stack trace.
     */
    void assertOnlyTheDropWarning() {
      assertThat(logs).as("log lines of close()")
          .noneMatch(l -> l.path("level").asString().equals("ERROR"))
          .noneMatch(l -> l.has("stack_trace"))
          .filteredOn(l -> l.path("logger_name").asString().startsWith("io.opentelemetry"))
          .isEmpty();
    }
  }

  /**
   * Closes and collects the log lines written until the exports to {@code collector} that close()
   * cancelled have ended: their failures are reported on the exporter's threads after close() returns.
   */
  private static Closed closeCapturingLogs(O11y o11y, OtlpReceiver collector) {
    try (CapturedLogs logs = CapturedLogs.start()) {
      long start = System.nanoTime();
      o11y.close();
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      System.err.printf("close() took %d ms%n", took.toMillis());
      awaitNoExportRunning(collector);
      return new Closed(took, logs.json());
    }
  }

  /**
   * OkHttp names a thread after the request's URL while it runs the request and its callback, which
   * is where OpenTelemetry logs an export's failure.
   */
  private static void awaitNoExportRunning(OtlpReceiver collector) {
    String exportThread = "OkHttp http://127.0.0.1:" + collector.port() + "/";
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith(exportThread))) {
      assertThat(System.nanoTime()).as("exports to %s still running", collector).isLessThan(deadline);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // polling threads: nothing to be signalled by
    }
  }

  private static double droppedSpans(PrometheusMeterRegistry registry) {
    return PrometheusScrape.parse(registry.scrape()).value("o11y_sdk_dropped_spans_total", Map.of());
  }

  private static Set<Thread> liveNonDaemonThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && !t.isDaemon()).collect(Collectors.toSet());
  }

  /** A thread the SDK started may take a moment to wind down; one still running would hold the JVM. */
  private static void assertNoNonDaemonThreadLeft(Set<Thread> before) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    List<Thread> left = List.of();
    for (Thread thread : liveNonDaemonThreads()) {
      if (!before.contains(thread)) {
        try {
          thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    left = liveNonDaemonThreads().stream().filter(t -> !before.contains(t)).toList();
    assertThat(left.stream().map(Thread::getName).toList()).as("non-daemon threads left after close()").isEmpty();
  }
}
