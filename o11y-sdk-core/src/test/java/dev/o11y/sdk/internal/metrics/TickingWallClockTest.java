package dev.o11y.sdk.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class TickingWallClockTest {

  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @Test
  void wallTimeKeepsUpWithTheSystemClockAndIsNeverAheadOfIt() {
    try (TickingWallClock clock = TickingWallClock.start()) {
      long later = System.currentTimeMillis() + 3 * TickingWallClock.TICK_MILLIS;
      assertThat(eventually(() -> clock.wallTime() >= later)).as("the clock ticks").isTrue();
      long read = clock.wallTime();
      assertThat(read).isLessThanOrEqualTo(System.currentTimeMillis());
      assertThat(clock.thread().isDaemon()).as("never holds the JVM open").isTrue();
      assertThat(clock.thread().getName()).isEqualTo(TickingWallClock.THREAD_NAME);
    }
  }

  @Test
  void monotonicTimeIsNanoTime() {
    try (TickingWallClock clock = TickingWallClock.start()) {
      long before = System.nanoTime();
      long read = clock.monotonicTime();
      assertThat(read).isBetween(before, System.nanoTime());
    }
  }

  @Test
  void closeEndsTheThreadAndWallTimeIsExactFromThenOn() throws InterruptedException {
    TickingWallClock clock = TickingWallClock.start();
    clock.close();
    clock.thread().join(DEADLINE.toMillis());
    assertThat(clock.thread().isAlive()).isFalse();

    long before = System.currentTimeMillis();
    long read = clock.wallTime();
    assertThat(read).isBetween(before, System.currentTimeMillis());
  }

  @Test
  void aClockDroppedWithoutCloseDoesNotKeepItsThreadRunning() {
    Thread thread = startAndDrop();
    assertThat(eventually(() -> {
      System.gc();
      return !thread.isAlive();
    })).as("the thread ends once its clock is garbage").isTrue();
  }

  private static Thread startAndDrop() {
    return TickingWallClock.start().thread();
  }

  private static boolean eventually(BooleanSupplier condition) {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    return condition.getAsBoolean();
  }
}
