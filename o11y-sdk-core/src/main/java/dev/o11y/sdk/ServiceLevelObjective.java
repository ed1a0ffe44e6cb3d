package dev.o11y.sdk;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A validated {@link Slo}: what alert rules and dashboards are generated from.
 *
 * @param successRate percent of calls that must succeed, empty when not declared
 * @param latency latency threshold, empty when not declared
 * @param latencyPercentile percent of calls that must be faster than {@code latency}
 */
public record ServiceLevelObjective(
    OptionalDouble successRate, Optional<Duration> latency, double latencyPercentile) {

  /** Target fraction of good calls for the latency objective, e.g. 0.99. */
  public double latencyTarget() {
    return latencyPercentile / 100.0;
  }
}
