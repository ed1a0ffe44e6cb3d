package dev.o11y.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o11y.sdk.internal.metrics.TickingWallClock;
import io.micrometer.core.instrument.Clock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The registry o11y creates reads wall time from a clock thread instead of the system on every timer
 * record (see {@link TickingWallClock}); the thread lives exactly as long as the {@code O11y}, and an
 * application's own registry keeps its own clock.
 */
class MetricsClockTest {

  @Test
  void theRegistryO11yCreatesHasOneClockThreadThatCloseEnds() throws InterruptedException {
    Set<Thread> before = clockThreads();
    O11y o11y = O11y.builder().serviceName("shop").otlpEndpoint("none").build();
    List<Thread> started;
    try {
      assertThat(o11y.meterRegistry().config().clock()).isInstanceOf(TickingWallClock.class);
      started = clockThreads().stream().filter(t -> !before.contains(t)).toList();
      assertThat(started).hasSize(1);
      o11y.observe("price", () -> 42L);
      assertThat(o11y.scrape()).contains("o11y_operation_duration_seconds_max{");
    } finally {
      o11y.close();
    }
    started.get(0).join(Duration.ofSeconds(30).toMillis());
    assertThat(started.get(0).isAlive()).as("close() ends the clock thread").isFalse();
  }

  @Test
  void anApplicationRegistryKeepsItsClockAndGetsNoClockThread() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Set<Thread> before = clockThreads();
    try (O11y o11y = O11y.builder().serviceName("shop").otlpEndpoint("none").meterRegistry(registry).build()) {
      assertThat(registry.config().clock()).isSameAs(Clock.SYSTEM);
      assertThat(clockThreads()).isSubsetOf(before);
    }
  }

  private static Set<Thread> clockThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().equals(TickingWallClock.THREAD_NAME))
        .collect(Collectors.toSet());
  }
}
