package dev.o11y.sdk.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The one time budget of {@code O11y.close()}: every step that may wait on a backend waits at most
 * until this deadline, so a dead backend costs the host's shutdown the budget and nothing more.
 */
public final class ShutdownDeadline {

  private final long deadlineNanos;

  public ShutdownDeadline(Duration budget) {
    this.deadlineNanos = System.nanoTime() + budget.toNanos();
  }

  /** The deadline on the {@link System#nanoTime()} clock. */
  public long nanoTime() {
    return deadlineNanos;
  }

  /**
   * Runs {@code step} on a daemon thread and waits for it until the deadline. A step still running
   * then is left to finish in the background; being a daemon, it never holds the JVM.
   *
   * @return whether the step finished in time
   */
  public boolean runBounded(String threadName, Runnable step) {
    Thread thread = new Thread(step, threadName);
    thread.setDaemon(true);
    thread.start();
    try {
      TimeUnit.NANOSECONDS.timedJoin(thread, Math.max(1, deadlineNanos - System.nanoTime()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !thread.isAlive();
  }

  /** {@code 2s}, {@code 500ms}: a budget as a user writes it, for messages; ISO-8601 when it is odd. */
  public static String describe(Duration budget) {
    if (budget.getNano() % 1_000_000 != 0 || budget.abs().compareTo(Duration.ofDays(1)) > 0) {
      return budget.toString();
    }
    long millis = budget.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }
}
