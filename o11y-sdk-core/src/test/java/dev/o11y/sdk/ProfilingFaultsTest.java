package dev.o11y.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o11y.sdk.testing.PrometheusScrape;
import dev.o11y.sdk.testing.PyroscopeReceiver;
import dev.o11y.sdk.testing.PyroscopeReceiver.Upload;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The profiling server misbehaves — gone, hanging, 500, 429 — while the real pyroscope-java agent
 * uploads every second and the application keeps working. Calls must not notice, the agent must
 * not grow threads, every profile that never arrives must be counted, and uploads must resume.
 */
class ProfilingFaultsTest {

  /** A sanity bound that only catches a call waiting on the profiling server, not a measurement. */
  private static final long BLOCKED_CALL_NANOS = Duration.ofSeconds(2).toNanos();
  /** Long enough for the agent's retries and backoff (up to 3 s per profile) to pile up a backlog. */
  private static final Duration MIN_OUTAGE = Duration.ofSeconds(5);

  @ParameterizedTest
  @ValueSource(strings = {"closed", "500", "429"})
  void aBrokenProfilingServerCostsCountedDropsAndUploadsRecover(String fault) {
    Consumer<PyroscopeReceiver> breakIt = fault.equals("closed")
        ? PyroscopeReceiver::refuseConnections
        : p -> p.respondWithStatus(Integer.parseInt(fault));
    outageThenRecovery(breakIt);
  }

  /**
   * A hanging server holds each upload attempt until its timeout while new profiles keep coming:
   * the queue in front of the uploader evicts the oldest, and every evicted profile must be counted
   * (the agent's own queue evicted silently: 13 s of profiles missing, 1 counted, after a 20 s hang).
   */
  @Test
  void aBlackHoledProfilingServerCostsCountedDropsAndUploadsRecover() {
    outageThenRecovery(PyroscopeReceiver::blackHole);
  }

  private static void outageThenRecovery(Consumer<PyroscopeReceiver> breakIt) {
    try (PyroscopeReceiver pyroscope = PyroscopeReceiver.start();
        O11y o11y = O11y.builder().serviceName("shop").environment("test").otlpEndpoint("none")
            .profilingUrl(pyroscope.url()).profilingUploadInterval(Duration.ofSeconds(1)).build()) {
      pyroscope.awaitUploads(u -> !u.isEmpty(), Duration.ofSeconds(30));
      double droppedBefore = droppedProfiles(o11y);
      breakIt.accept(pyroscope);

      long outageStart = System.nanoTime();
      long deadline = outageStart + Duration.ofSeconds(90).toNanos();
      long slowestCall = 0;
      int threadsAtFirstDrop = -1;
      while (System.nanoTime() < deadline
          && (threadsAtFirstDrop < 0 || System.nanoTime() - outageStart < MIN_OUTAGE.toNanos())) {
        long start = System.nanoTime();
        o11y.observe("during-outage", ProfilingFaultsTest::burnAMillisecond);
        slowestCall = Math.max(slowestCall, System.nanoTime() - start);
        if (threadsAtFirstDrop < 0 && droppedProfiles(o11y) > droppedBefore) {
          threadsAtFirstDrop = Thread.activeCount();
        }
      }
      assertThat(threadsAtFirstDrop).as("a lost profile was counted within 90 s").isPositive();
      // retries run on the agent's one upload thread: more failures must not mean more threads
      assertThat(Thread.activeCount()).as("no thread leak").isLessThanOrEqualTo(threadsAtFirstDrop + 5);
      assertThat(slowestCall).as("slowest call during the outage, ns").isLessThan(BLOCKED_CALL_NANOS);

      pyroscope.healthy();
      long healedAt = Instant.now().getEpochSecond();
      List<Upload> uploads = pyroscope.awaitUploads(
          u -> u.stream().anyMatch(x -> x.from() >= healedAt), Duration.ofSeconds(60));

      long counted = Math.round(droppedProfiles(o11y) - droppedBefore);
      long missing = missingSeconds(uploads);
      System.out.printf("profiling outage: %d s of profiles missing, %d counted dropped, %d threads%n",
          missing, counted, Thread.activeCount());
      // each upload covers one second; whole seconds absent between uploads are profiles that never
      // arrived, and each must show up in the counter (slack: uploads are stamped in whole seconds)
      assertThat(missing).as("seconds of profiles neither uploaded nor counted (%d counted)", counted)
          .isLessThanOrEqualTo(counted + 2);
    }
  }

  /** Seconds not covered by any upload between the first and the last one. */
  private static long missingSeconds(List<Upload> uploads) {
    List<Upload> sorted = uploads.stream().sorted(Comparator.comparingLong(Upload::from)).toList();
    long missing = 0;
    for (int i = 1; i < sorted.size(); i++) {
      missing += Math.max(0, sorted.get(i).from() - sorted.get(i - 1).until());
    }
    return missing;
  }

  private static double droppedProfiles(O11y o11y) {
    return PrometheusScrape.parse(o11y.scrape()).value("o11y_sdk_dropped_profiles_total", Map.of());
  }

  private static long burnAMillisecond() {
    long until = System.nanoTime() + 1_000_000;
    long x = 0;
    while (System.nanoTime() < until) {
      x += Long.numberOfTrailingZeros(x * 31 + 7);
    }
    return x;
  }
}
