package dev.o11y.sdk.testing;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How the receiver misbehaves, switchable while exporters are mid-request. Modes exclude each
 * other (healthy, failing with a status, or black hole) so a test never has to reason about
 * combinations.
 */
final class FaultSwitch {

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition released = lock.newCondition();
  private int failureStatus; // 0 while not failing
  private long failureDelayNanos;
  private boolean blackHoled;
  private boolean closed;

  void failWith(int status) {
    failWith(status, java.time.Duration.ZERO);
  }

  /** Fails with {@code status}, each answer held back by {@code delay}: a collector that is slow to refuse. */
  void failWith(int status, java.time.Duration delay) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("a failure status is 4xx or 5xx, not " + status);
    }
    lock.lock();
    try {
      switchTo(status, false);
      failureDelayNanos = delay.toNanos();
    } finally {
      lock.unlock();
    }
  }

  void blackHole(boolean on) {
    lock.lock();
    try {
      if (on) {
        switchTo(0, true);
      } else if (blackHoled) {
        switchTo(0, false);
      }
    } finally {
      lock.unlock();
    }
  }

  void heal() {
    switchTo(0, false);
  }

  /** Frees every held request for good: nothing may hang once the receiver is closed. */
  void close() {
    lock.lock();
    try {
      closed = true;
      released.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Blocks the calling request while the black hole is on. Returns true when the request was held:
   * it was swallowed and must stay unanswered even after release, as a hung collector's would.
   */
  boolean holdIfBlackHoled() {
    lock.lock();
    try {
      if (!blackHoled) {
        return false;
      }
      while (blackHoled && !closed) {
        released.await();
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The status to fail the calling request with, 0 for none; when failures are slow, returned only
   * after their delay (cut short by a mode switch or close, which answer the request sooner).
   */
  int failureStatus() {
    lock.lock();
    try {
      int status = failureStatus;
      long left = status == 0 ? 0 : failureDelayNanos;
      while (left > 0 && failureStatus == status && !closed) {
        left = released.awaitNanos(left);
      }
      return failureStatus;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failureStatus;
    } finally {
      lock.unlock();
    }
  }

  private void switchTo(int status, boolean blackHole) {
    lock.lock();
    try {
      failureStatus = status;
      failureDelayNanos = 0;
      blackHoled = blackHole;
      released.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
