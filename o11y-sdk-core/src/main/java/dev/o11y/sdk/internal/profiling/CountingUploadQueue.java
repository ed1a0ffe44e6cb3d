package dev.o11y.sdk.internal.profiling;

import io.pyroscope.javaagent.Snapshot;
import io.pyroscope.javaagent.api.Exporter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The bounded queue between the profiler and the uploader, on one daemon thread. It exists because
 * the agent's own queue silently throws away the oldest snapshot when uploads fall behind (a
 * black-holed server): here that is counted as a dropped profile like a failed upload is, and so
 * are the snapshots still queued or being uploaded when the profiler stops.
 */
final class CountingUploadQueue implements Exporter {

  private final Exporter uploader;
  private final BlockingQueue<Snapshot> queue;
  private final Thread thread;
  private final DroppedProfiles dropped;
  private volatile boolean stopped;

  CountingUploadQueue(Exporter uploader, int capacity, DroppedProfiles dropped) {
    this.uploader = uploader;
    this.dropped = dropped;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.thread = new Thread(this::drain, "o11y-profile-upload");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void export(Snapshot snapshot) {
    while (!queue.offer(snapshot)) {
      if (queue.poll() != null) {
        dropped.add(1); // old profiles are worth less than new ones
      }
    }
  }

  private void drain() {
    try {
      // stopped: the uploader may swallow the interrupt that stop() sends
      while (!stopped && !Thread.currentThread().isInterrupted()) {
        Snapshot next = queue.take();
        if (!dropped.uploadStarting()) {
          return;
        }
        try {
          uploader.export(next);
        } catch (RuntimeException e) {
          dropped.uploadGivenUp();
        } finally {
          dropped.uploadEnded();
        }
      }
    } catch (InterruptedException stopped) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void stop() {
    stopped = true;
    thread.interrupt();
    dropped.stop(); // before emptying the queue: a snapshot taken meanwhile is counted by the drain
    List<Snapshot> unsent = new ArrayList<>();
    queue.drainTo(unsent);
    dropped.add(unsent.size()); // never sent: the application is stopping
    uploader.stop();
  }
}
