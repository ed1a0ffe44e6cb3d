package dev.o11y.sdk.testing;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;

/**
 * The heap that is still reachable: used heap after full collections, taken once it stops falling.
 * One {@code System.gc()} can leave garbage behind (reference processing, finalizable objects
 * surviving one cycle), so a single reading would blame the SDK for the test's own garbage.
 *
 * <pre>{@code
 * long before = RetainedHeap.bytes();
 * // ... a million calls ...
 * assertThat(RetainedHeap.bytes() - before).isLessThan(16L << 20);
 * }</pre>
 */
public final class RetainedHeap {

  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
  private static final long SETTLED_BYTES = 512 * 1024;
  private static final Duration DEADLINE = Duration.ofSeconds(10);

  private RetainedHeap() {}

  /** Used heap after collections, once two in a row differ by under 512 KB (or after 10 s). */
  public static long bytes() {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    long previous = collectAndMeasure();
    while (System.nanoTime() < deadline) {
      long current = collectAndMeasure();
      if (Math.abs(previous - current) < SETTLED_BYTES) {
        return Math.min(previous, current);
      }
      previous = current;
    }
    return previous;
  }

  private static long collectAndMeasure() {
    MEMORY.gc();
    return MEMORY.getHeapMemoryUsage().getUsed();
  }
}
