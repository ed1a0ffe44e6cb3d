package dev.o11y.sdk.internal.profiling;

import io.pyroscope.javaagent.Snapshot;
import io.pyroscope.javaagent.api.Exporter;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * The bounded queue between the profiler and the uploader, on one daemon thread. It exists because
 * the agent's own queue silently throws away the oldest snapshot when uploads fall behind (a
 * black-holed server): here that is counted as a dropped profile like a failed upload is.
 */
final class CountingUploadQueue implements Exporter {

  private final Exporter uploader;
  private final BlockingQueue<Snapshot> queue;
  private final Thread thread;
  private final LongAdder droppedUploads;

  CountingUploadQueue(Exporter uploader, int capacity, LongAdder droppedUploads) {
    this.uploader = uploader;
    this.droppedUploads = droppedUploads;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.thread = new Thread(this::drain, "o11y-profile-upload");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void export(Snapshot snapshot) {
    while (!queue.offer(snapshot)) {
      if (queue.poll() != null) {
        droppedUploads.increment(); // old profiles are worth less than new ones
      }
    }
  }

  private void drain() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        Snapshot next = queue.take();
        try {
          uploader.export(next);
        } catch (RuntimeException e) {
          droppedUploads.increment();
        }
      }
    } catch (InterruptedException stopped) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void stop() {
    thread.interrupt();
    droppedUploads.add(queue.size()); // never sent: the application is stopping
    queue.clear();
    uploader.stop();
  }
}
