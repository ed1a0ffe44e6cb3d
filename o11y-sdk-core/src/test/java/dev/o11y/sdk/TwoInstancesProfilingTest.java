package dev.o11y.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o11y.sdk.testing.PrometheusScrape;
import dev.o11y.sdk.testing.PyroscopeReceiver;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The pyroscope agent is one per JVM, but tests, and applications that close and rebuild their
 * O11y, have several instances in one JVM: each reports only its own lost profiles, and closing one
 * never stops the profiler another one started.
 */
class TwoInstancesProfilingTest {

  @Test
  void anInstanceBuiltAfterAnotherReportsOnlyItsOwnDroppedProfiles() {
    try (PyroscopeReceiver dead = PyroscopeReceiver.start(); PyroscopeReceiver healthy = PyroscopeReceiver.start()) {
      dead.refuseConnections();
      try (O11y first = profiling(dead.url())) {
        awaitDroppedProfiles(first);
      }
      try (O11y second = profiling(healthy.url())) {
        healthy.awaitUploads(u -> !u.isEmpty(), Duration.ofSeconds(30));
        assertThat(droppedProfiles(second)).as("the second instance's dropped profiles").isZero();
      }
    }
  }

  @Test
  void closingASecondInstanceLeavesTheFirstOnesProfilerRunning() {
    try (PyroscopeReceiver pyroscope = PyroscopeReceiver.start(); O11y first = profiling(pyroscope.url())) {
      pyroscope.awaitUploads(u -> !u.isEmpty(), Duration.ofSeconds(30));

      profiling(pyroscope.url()).close();

      long closedAt = Instant.now().getEpochSecond();
      assertThat(pyroscope.awaitUploads(u -> u.stream().anyMatch(x -> x.from() > closedAt), Duration.ofSeconds(30)))
          .as("profiles uploaded after the second instance closed").isNotEmpty();
    }
  }

  private static O11y profiling(String url) {
    return O11y.builder().serviceName("shop").otlpEndpoint("none").profilingUrl(url)
        .profilingUploadInterval(Duration.ofSeconds(1)).build();
  }

  private static void awaitDroppedProfiles(O11y o11y) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (droppedProfiles(o11y) == 0 && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // polling a counter: nothing to be signalled by
    }
    assertThat(droppedProfiles(o11y)).as("profiles the first instance lost to a dead server").isPositive();
  }

  private static double droppedProfiles(O11y o11y) {
    return PrometheusScrape.parse(o11y.scrape()).value("o11y_sdk_dropped_profiles_total", Map.of());
  }
}
