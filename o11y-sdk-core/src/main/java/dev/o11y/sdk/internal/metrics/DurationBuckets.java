package dev.o11y.sdk.internal.metrics;

import java.time.Duration;
import java.util.Arrays;
import java.util.TreeSet;

/** Histogram boundaries: the defaults of DESIGN.md plus an operation's SLO threshold. */
public final class DurationBuckets {

  private static final double[] DEFAULT_SECONDS = {
    0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.25, 0.3, 0.5, 0.75, 1, 2.5, 5, 10
  };

  private DurationBuckets() {}

  public static double[] defaults() {
    return DEFAULT_SECONDS.clone();
  }

  /** Adds the threshold so the latency SLI is an exact {@code le} series. */
  public static Duration[] withThreshold(double[] bucketsSeconds, Duration threshold) {
    TreeSet<Duration> all = new TreeSet<>();
    for (double seconds : bucketsSeconds) {
      all.add(Duration.ofNanos(Math.round(seconds * 1e9)));
    }
    if (threshold != null) {
      all.add(threshold);
    }
    return all.toArray(Duration[]::new);
  }

  public static String describe(double[] buckets) {
    return Arrays.toString(buckets);
  }
}
