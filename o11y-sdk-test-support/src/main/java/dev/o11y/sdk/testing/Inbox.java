package dev.o11y.sdk.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Everything the receiver has accepted. Waiters are signalled on every request instead of polling,
 * so an await returns as soon as its condition holds and fails exactly at its deadline.
 */
final class Inbox {

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final List<ReceivedSpan> spans = new ArrayList<>();
  private final String endpoint;
  private int requests;

  Inbox(String endpoint) {
    this.endpoint = endpoint;
  }

  void countRequest() {
    lock.lock();
    try {
      requests++;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  void store(List<ReceivedSpan> received) {
    lock.lock();
    try {
      spans.addAll(received);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  void clear() {
    lock.lock();
    try {
      spans.clear();
      requests = 0;
    } finally {
      lock.unlock();
    }
  }

  List<ReceivedSpan> spans() {
    lock.lock();
    try {
      return List.copyOf(spans);
    } finally {
      lock.unlock();
    }
  }

  int requestCount() {
    lock.lock();
    try {
      return requests;
    } finally {
      lock.unlock();
    }
  }

  /** Returns the first snapshot of the spans that satisfies {@code condition}. */
  List<ReceivedSpan> awaitSpans(
      Predicate<List<ReceivedSpan>> condition, Duration timeout, String expectation) {
    return await(() -> {
      List<ReceivedSpan> snapshot = List.copyOf(spans);
      return condition.test(snapshot) ? snapshot : null;
    }, timeout, expectation);
  }

  int awaitRequests(int count, Duration timeout) {
    return await(() -> requests >= count ? requests : null, timeout, "at least " + count + " requests");
  }

  /** Re-evaluates {@code attempt} (null meaning "not yet") under the lock after every change. */
  private <T> T await(Supplier<T> attempt, Duration timeout, String expectation) {
    // convert() saturates instead of overflowing, so Duration.ofDays(365_000) still means "long".
    long remainingNanos = TimeUnit.NANOSECONDS.convert(timeout);
    lock.lock();
    try {
      while (true) {
        T result = attempt.get();
        if (result != null) {
          return result;
        }
        if (remainingNanos <= 0) {
          throw new AssertionError("OTLP receiver at " + endpoint + " did not get " + expectation
              + " within " + timeout.toMillis() + " ms; " + describe());
        }
        remainingNanos = changed.awaitNanos(remainingNanos);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for " + expectation + "; " + describe(), e);
    } finally {
      lock.unlock();
    }
  }

  /** Span names rather than whole spans: enough to see what did arrive without flooding the log. */
  private String describe() {
    return "received " + spans.size() + " spans in " + requests + " requests: "
        + spans.stream().map(ReceivedSpan::name).toList();
  }
}
