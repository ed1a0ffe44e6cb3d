package dev.o11y.sdk.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * How often a backend that stays down may warn: once a minute. A dead collector or profiling server
 * fails every batch or upload, and a WARN each time would bury the application's own lines; what is
 * lost meanwhile is counted in metrics, and the repeats are logged at DEBUG.
 */
public final class WarningInterval {

  public static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final LongSupplier nanoTime;
  private final AtomicLong next;

  public WarningInterval() {
    this(System::nanoTime);
  }

  /** @param nanoTime a clock, for tests that must not wait a minute */
  public WarningInterval(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.next = new AtomicLong(nanoTime.getAsLong());
  }

  /** Whether a warning may be logged now; the first call may, then none for a minute. Thread-safe. */
  public boolean tryWarn() {
    long now = nanoTime.getAsLong();
    long due = next.get();
    return now - due >= 0 && next.compareAndSet(due, now + INTERVAL_NANOS);
  }
}
