package dev.o11y.sdk.spring.app;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Holds asynchronous work until the test lets it go, so a test knows the work is in progress (it
 * has arrived) and decides when it finishes, without sleeping. One arrival and one release per key.
 */
@Component
public class ReleaseGate {

  private static final Duration DEADLINE = Duration.ofSeconds(20);
  /** Keys starting with this wait for their release even when interrupted. */
  public static final String DEAF = "deaf-";

  private final Map<String, CountDownLatch> arrived = new ConcurrentHashMap<>();
  private final Map<String, CountDownLatch> released = new ConcurrentHashMap<>();

  /** Called by the work: announces it is running, then waits for {@link #release}. */
  public void pass(String key) {
    latch(arrived, key).countDown();
    if (key.startsWith(DEAF)) {
      awaitIgnoringInterrupts(latch(released, key));
    } else {
      await(latch(released, key), "release of " + key);
    }
  }

  /** Called by the test: returns once the work for {@code key} is running. */
  public void awaitArrival(String key) {
    await(latch(arrived, key), "arrival of " + key);
  }

  public void release(String key) {
    latch(released, key).countDown();
  }

  private static CountDownLatch latch(Map<String, CountDownLatch> latches, String key) {
    return latches.computeIfAbsent(key, k -> new CountDownLatch(1));
  }

  /**
   * Work that does not stop when interrupted (a socket read, a JDBC call): Spring MVC interrupts a
   * timed-out task, and an interruptible one raced the timeout's 503 with its own exception's 500.
   */
  private static void awaitIgnoringInterrupts(CountDownLatch latch) {
    boolean interrupted = false;
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (latch.getCount() > 0 && System.nanoTime() < deadline) {
      try {
        latch.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static void await(CountDownLatch latch, String what) {
    try {
      if (!latch.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("no " + what + " within " + DEADLINE);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for " + what, e);
    }
  }
}
