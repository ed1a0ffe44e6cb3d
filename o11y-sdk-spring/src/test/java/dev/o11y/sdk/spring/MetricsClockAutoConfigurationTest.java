package dev.o11y.sdk.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o11y.sdk.O11y;
import dev.o11y.sdk.internal.metrics.TickingWallClock;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Boot's Prometheus registry, the one the SDK and Boot's own meters (Hikari, Tomcat) record into,
 * gets the SDK's ticking wall clock instead of {@code Clock.SYSTEM}; its thread ends with the
 * context, and an application's own clock, or {@code o11y.enabled=false}, leaves Boot's choice alone.
 */
class MetricsClockAutoConfigurationTest {

  private final ApplicationContextRunner context = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
          PrometheusMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
          O11yMetricsClockAutoConfiguration.class, O11yAutoConfiguration.class))
      .withPropertyValues("o11y.service-name=shop", "o11y.otlp-endpoint=none");

  @Test
  void bootsRegistryReadsTheTickingClockWhoseThreadEndsWithTheContext() throws InterruptedException {
    Set<Thread> before = clockThreads();
    List<Thread> started = new ArrayList<>();
    context.run(app -> {
      PrometheusMeterRegistry registry = app.getBean(PrometheusMeterRegistry.class);
      assertThat(registry.config().clock()).isInstanceOf(TickingWallClock.class).isSameAs(app.getBean(Clock.class));
      assertThat(app.getBean(O11y.class).meterRegistry()).isSameAs(registry);
      started.addAll(clockThreads().stream().filter(t -> !before.contains(t)).toList());
      assertThat(started).as("one clock thread for the context").hasSize(1);
    });
    started.get(0).join(Duration.ofSeconds(30).toMillis());
    assertThat(started.get(0).isAlive()).as("closing the context ends the clock thread").isFalse();
  }

  @Test
  void anApplicationClockIsKept() {
    MockClock mine = new MockClock();
    context.withBean(Clock.class, () -> mine).run(app ->
        assertThat(app.getBean(PrometheusMeterRegistry.class).config().clock()).isSameAs(mine));
  }

  @Test
  void withTheSdkOffBootKeepsTheSystemClock() {
    context.withPropertyValues("o11y.enabled=false").run(app ->
        assertThat(app.getBean(PrometheusMeterRegistry.class).config().clock()).isSameAs(Clock.SYSTEM));
  }

  @Test
  void bootFindsItAmongTheSdksAutoConfigurations() {
    assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).getCandidates())
        .contains(O11yMetricsClockAutoConfiguration.class.getName(), O11yAutoConfiguration.class.getName());
  }

  private static Set<Thread> clockThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().equals(TickingWallClock.THREAD_NAME))
        .collect(Collectors.toSet());
  }
}
