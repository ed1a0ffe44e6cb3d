package dev.o11y.sdk.internal.profiling;

/**
 * Whether the profiler runs. Kept apart from the classes that touch pyroscope so the context hot
 * path can check it without loading any profiler class when profiling is off.
 */
public final class ProfilingState {

  static volatile boolean active;

  private ProfilingState() {}

  public static boolean active() {
    return active;
  }
}
