package dev.o11y.sdk.internal.metrics;

import io.micrometer.core.instrument.Clock;
import java.lang.ref.WeakReference;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The clock of the registry o11y creates: monotonic time is {@link System#nanoTime()} as usual, wall
 * time a reading a daemon thread refreshes every {@link #TICK_MILLIS} ms.
 *
 * <p>Why: every Micrometer timer record reads the wall clock twice (the {@code _max} window and the
 * histogram check whether to rotate), and a clock read costs as much as the rest of the record;
 * together nearly a third of a {@code @Monitored} call inside an unsampled trace. Those windows are
 * minutes (the max) to years (the Prometheus histogram) long, so a reading one tick old rotates
 * them no differently. Nothing that measures a duration reads the wall clock.
 *
 * <p>The thread holds the clock weakly: an {@code O11y} dropped without {@code close()} does not
 * keep it ticking. After {@link #close()}, and if the thread could not start, wall time is read
 * directly again.
 */
public final class TickingWallClock implements Clock, AutoCloseable {

  public static final String THREAD_NAME = "o11y-metrics-clock";
  static final long TICK_MILLIS = 100;

  private volatile long wallMillis = System.currentTimeMillis();
  private volatile boolean ticking = true;
  private final Thread ticker;

  private TickingWallClock() {
    this.ticker = new Thread(new Ticker(this), THREAD_NAME);
    ticker.setDaemon(true);
  }

  /** A clock whose thread is already running. */
  public static TickingWallClock start() {
    TickingWallClock clock = new TickingWallClock();
    try {
      clock.ticker.start();
    } catch (RuntimeException | OutOfMemoryError cannotStartThread) {
      clock.ticking = false; // exact readings: slower, never wrong
    }
    return clock;
  }

  @Override
  public long wallTime() {
    return ticking ? wallMillis : System.currentTimeMillis();
  }

  @Override
  public long monotonicTime() {
    return System.nanoTime();
  }

  /** Stops the thread; readings are exact from now on. */
  @Override
  public void close() {
    ticking = false;
    LockSupport.unpark(ticker);
  }

  Thread thread() {
    return ticker;
  }

  private static final class Ticker implements Runnable {
    private final WeakReference<TickingWallClock> clock;

    Ticker(TickingWallClock clock) {
      this.clock = new WeakReference<>(clock);
    }

    @Override
    public void run() {
      long tick = TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);
      while (refresh()) {
        LockSupport.parkNanos(tick);
      }
    }

    /** False once the clock is closed or gone. */
    private boolean refresh() {
      TickingWallClock current = clock.get();
      if (current == null || !current.ticking) {
        return false;
      }
      current.wallMillis = System.currentTimeMillis();
      return true;
    }
  }
}
