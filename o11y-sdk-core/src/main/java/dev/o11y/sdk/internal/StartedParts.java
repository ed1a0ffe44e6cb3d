package dev.o11y.sdk.internal;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a constructor has started so far (threads, an SDK, process-wide state), so that a step
 * failing later leaves nothing of it running: construction is all or nothing.
 */
public final class StartedParts {

  private final Deque<AutoCloseable> stops = new ArrayDeque<>();

  /** Remembers how to stop something just started; returns {@code stop}, for use in an assignment. */
  public <T extends AutoCloseable> T add(T stop) {
    stops.push(stop);
    return stop;
  }

  /**
   * Stops everything added, the last first, and returns {@code failure} for the caller to rethrow:
   * the failure that made construction give up stays the one reported, and a part that cannot be
   * stopped is added to it as suppressed rather than hiding it.
   */
  public Throwable stopAll(Throwable failure) {
    for (AutoCloseable stop = stops.poll(); stop != null; stop = stops.poll()) {
      try {
        stop.close();
      } catch (Throwable e) {
        if (e != failure) {
          failure.addSuppressed(e);
        }
      }
    }
    return failure;
  }
}
