package dev.o11y.sdk.internal.profiling;

/**
 * Whether the profiler runs. Kept apart from the classes that touch pyroscope so the context hot
 * path can check it without loading any profiler class when profiling is off.
 */
public final class ProfilingState {

  static volatile boolean active;

  /** Profile uploads the agent gave up on (server down or refusing). */
  static final java.util.concurrent.atomic.LongAdder droppedUploads = new java.util.concurrent.atomic.LongAdder();

  private ProfilingState() {}

  public static boolean active() {
    return active;
  }

  public static long droppedUploads() {
    return droppedUploads.sum();
  }
}
