package dev.o11y.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o11y.sdk.testing.OtlpReceiver;
import dev.o11y.sdk.testing.PrometheusScrape;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The collector misbehaves — hangs without answering, answers 500, answers 429 — while the
 * application keeps calling. Calls must keep returning, the SDK must not grow threads, losses must be
 * counted, and spans must flow again once the collector recovers.
 */
class BackendFaultsTest {

  @ParameterizedTest
  @ValueSource(strings = {"black-hole", "500", "429"})
  void aBrokenCollectorCostsCountedDropsAndExportRecovers(String fault) throws Exception {
    try (OtlpReceiver collector = OtlpReceiver.start()) {
      Consumer<OtlpReceiver> breakIt = fault.equals("black-hole")
          ? c -> c.blackHole(true)
          : c -> c.respondWithStatus(Integer.parseInt(fault));
      try (O11y o11y = O11y.builder().serviceName("shop").otlpEndpoint(collector.endpoint()).build()) {
        o11y.observe("warm-up", () -> { });
        breakIt.accept(collector);

        ExecutorService callers = o11y.wrap(Executors.newFixedThreadPool(4));
        callFromPool(o11y, callers, 10_000);
        if (fault.equals("black-hole")) {
          collector.awaitRequestCount(1, Duration.ofSeconds(30)); // an export is hanging in there now
        }
        waitForDrops(o11y);
        int threadsMidOutage = Thread.activeCount();
        callFromPool(o11y, callers, 10_000);
        // 10,000 more calls during the outage add no threads: a per-call or per-export leak would add
        // hundreds; the small slack absorbs other tests' JVM-wide threads winding down or up
        assertThat(Thread.activeCount()).as("no thread leak").isLessThanOrEqualTo(threadsMidOutage + 5);
        callers.shutdown();
        assertThat(callers.awaitTermination(60, TimeUnit.SECONDS)).as("calls kept completing").isTrue();
        assertThat(PrometheusScrape.parse(o11y.scrape()).value("o11y_operation_duration_seconds_count",
            Map.of("operation", "during-outage"))).isEqualTo(20_000);

        collector.healthy();
        collector.clear();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        boolean recovered = false;
        while (!recovered && System.nanoTime() < deadline) {
          o11y.observe("after-recovery", () -> { });
          try {
            collector.awaitSpans(s -> s.stream().anyMatch(x -> x.name().equals("after-recovery")), Duration.ofSeconds(1));
            recovered = true;
          } catch (AssertionError notYet) {
            // the backlog from the outage is still draining; keep producing, as an application would
          }
        }
        assertThat(recovered).as("spans flow again after recovery").isTrue();
      }
    }
  }

  private static void callFromPool(O11y o11y, ExecutorService callers, int calls) throws Exception {
    java.util.List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
    for (int i = 0; i < calls; i++) {
      futures.add(callers.submit(() -> o11y.observe("during-outage", () -> 1)));
    }
    for (java.util.concurrent.Future<?> future : futures) {
      future.get(60, TimeUnit.SECONDS);
    }
  }

  private static void waitForDrops(O11y o11y) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    double dropped = 0;
    while (dropped == 0 && System.nanoTime() < deadline) {
      dropped = PrometheusScrape.parse(o11y.scrape()).value("o11y_sdk_dropped_spans_total", Map.of());
      if (dropped == 0) {
        o11y.observe("nudge", () -> { }); // the queue only fills when spans keep coming
      }
    }
    assertThat(dropped).as("spans lost to the outage are counted").isGreaterThan(0);
  }
}
