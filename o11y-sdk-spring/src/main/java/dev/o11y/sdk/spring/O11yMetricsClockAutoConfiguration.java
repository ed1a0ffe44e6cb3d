package dev.o11y.sdk.spring;

import dev.o11y.sdk.internal.metrics.TickingWallClock;
import io.micrometer.core.instrument.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Boot's meter registries get the clock the SDK gives the registry it creates itself: wall time
 * from a reading refreshed every 100 ms ({@link TickingWallClock}). Every timer record in Boot's
 * registry (the HTTP and {@code @Monitored} timers, Boot's Hikari pool timers) otherwise reads the
 * wall clock twice just to ask whether a minutes-long window should rotate.
 *
 * <p>Runs before Boot's metrics auto-configuration, whose own {@code Clock.SYSTEM} bean backs off
 * for it; an application's own {@link Clock} bean is kept.
 */
@AutoConfiguration(before = MetricsAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "o11y.enabled", matchIfMissing = true)
public class O11yMetricsClockAutoConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(Clock.class)
  TickingWallClock o11yMetricsClock() {
    return TickingWallClock.start();
  }
}
