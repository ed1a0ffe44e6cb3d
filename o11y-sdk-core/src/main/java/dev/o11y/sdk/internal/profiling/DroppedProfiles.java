package dev.o11y.sdk.internal.profiling;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts profile snapshots that never reached the server, each once: evicted from the full upload
 * queue or still queued at stop, given up by the agent after its retries, or being uploaded when the
 * profiler stops. The agent's retries can outlive the stop and give up on that same upload later;
 * it is not counted again.
 */
final class DroppedProfiles {

  private final LongAdder count = new LongAdder();
  /** Guarded by this: a snapshot is being uploaded and not yet counted. */
  private boolean uploading;
  /** Guarded by this. */
  private boolean stopped;

  /** Snapshots that were never uploaded: evicted, or left in the queue at stop. */
  void add(int snapshots) {
    count.add(snapshots);
  }

  /** @return false once stopped: the snapshot is counted instead of uploaded */
  synchronized boolean uploadStarting() {
    if (stopped) {
      count.increment();
      return false;
    }
    uploading = true;
    return true;
  }

  synchronized void uploadEnded() {
    uploading = false;
  }

  /** The agent gave up on the upload in flight. */
  synchronized void uploadGivenUp() {
    if (uploading) {
      uploading = false;
      count.increment();
    }
  }

  /**
   * The profiler stops: an upload in flight is cut off and counted now, though the agent cannot
   * say whether it arrives after all (as spans unacknowledged at close() are counted).
   */
  synchronized void stop() {
    stopped = true;
    uploadGivenUp();
  }

  long count() {
    return count.sum();
  }
}
