package dev.o11y.sdk.internal.profiling;

import java.time.Duration;

/**
 * Continuous-profiling configuration; {@code url == null} means no profiler is loaded at all.
 *
 * @param event {@code itimer} (works everywhere), {@code cpu} (perf events) or {@code wall}
 * @param alloc allocation sampling threshold such as {@code 512k}, or null for none
 * @param lock lock-contention threshold such as {@code 10ms}, or null for none
 */
public record ProfilingSettings(String url, String event, String alloc, String lock, Duration uploadInterval) {

  public static final ProfilingSettings OFF = new ProfilingSettings(null, "itimer", null, null, Duration.ofSeconds(10));

  public boolean enabled() {
    return url != null;
  }
}
