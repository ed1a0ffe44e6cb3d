package dev.o11y.sdk.internal.tracing;

import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts every span that never reaches the collector. Spans in flight (queued or being exported)
 * are capped at the batch processor's queue size, so the processor itself never drops silently:
 * every loss is either refused here, a failed export, or abandoned at shutdown, and all are counted.
 */
public final class SpanExportGate {

  /**
   * {@code inFlight} once abandoned: far below zero, so later admissions stay negative (refused) and
   * later export outcomes see the spans were already counted.
   */
  private static final long ABANDONED = Long.MIN_VALUE / 2;

  private final long capacity;
  private final AtomicLong inFlight = new AtomicLong();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder exported = new LongAdder();
  /** Refused since the listener last heard: told from the export thread, never from the refusing one. */
  private final LongAdder refusedUntold = new LongAdder();
  private volatile boolean lastExportSucceeded = true;
  private volatile DropListener onDrops = (failed, refused) -> {};

  /** Hears of spans lost to a failed export or refused by a full queue, from the export thread. */
  @FunctionalInterface
  interface DropListener {
    /**
     * @param failedExport spans of the export that just failed (0 if it succeeded)
     * @param refused spans refused because the queue was full since the last call
     */
    void dropped(int failedExport, long refused);
  }

  public SpanExportGate(long capacity) {
    this.capacity = capacity;
  }

  boolean tryAdmit() {
    long current;
    do {
      current = inFlight.get();
      // a refusal never touches inFlight, so abandon() can never count a refused span a second time
      if (current >= capacity || current < 0) {
        dropped.increment();
        refusedUntold.increment();
        return false;
      }
    } while (!inFlight.compareAndSet(current, current + 1));
    return true;
  }

  /**
   * The outcome of exporting {@code batch} ({@code spans} of them, counted when the export began:
   * the batch processor reuses its list) through one exporter. A batch the batch processor admitted
   * once goes to every batched exporter ({@code OTEL_TRACES_EXPORTER=otlp,zipkin} share one composite),
   * so it is released and counted once, when the last of them has finished: exported if every one
   * succeeded, else dropped.
   */
  void completed(Collection<?> batch, int spans, boolean success, boolean batched) {
    int members = batched ? batchedExporters.get() : 1;
    if (members <= 1) {
      completed(spans, success);
      return;
    }
    boolean allSucceeded;
    synchronized (outstanding) {
      Outstanding batchState = outstanding.computeIfAbsent(batch, b -> new Outstanding(members));
      batchState.failed |= !success;
      if (--batchState.remaining > 0) {
        return;
      }
      outstanding.remove(batch);
      allSucceeded = !batchState.failed;
    }
    completed(spans, allSucceeded);
  }

  /** One more exporter behind the batch processor; called while the SDK is built, before any export. */
  void addBatchedExporter() {
    batchedExporters.incrementAndGet();
  }

  private final AtomicInteger batchedExporters = new AtomicInteger();
  /** Batches some but not all batched exporters have finished, by identity (lists compare by content). */
  private final Map<Collection<?>, Outstanding> outstanding = new IdentityHashMap<>();

  private static final class Outstanding {
    int remaining;
    boolean failed;

    Outstanding(int exporters) {
      this.remaining = exporters;
    }
  }

  private void completed(int spans, boolean success) {
    long current;
    do {
      current = inFlight.get();
      if (current < 0) {
        return; // abandoned while this export ran: its spans are counted as dropped already
      }
    } while (!inFlight.compareAndSet(current, current - spans));
    lastExportSucceeded = success;
    if (success) {
      exported.add(spans);
    } else {
      dropped.add(spans);
    }
    // a collector that answers, only slower than spans come, fails no export: the refusals are the
    // only sign, and without telling them here they would reach the metric and nobody's log
    long refused = refusedUntold.sumThenReset();
    if (!success || refused > 0) {
      onDrops.dropped(success ? 0 : spans, refused);
    }
  }

  /**
   * Gives up on every span still queued or being exported, counting each as dropped exactly once
   * (an export that completes later changes nothing), and refuses all spans from now on.
   *
   * @return the spans given up on by this call
   */
  long abandon() {
    long held = inFlight.getAndSet(ABANDONED);
    if (held < 0) {
      return 0;
    }
    dropped.add(held);
    return held;
  }

  /** Told of each failed export and of refusals, after each export (not of spans abandoned at close). */
  void onDrops(DropListener listener) {
    this.onDrops = listener;
  }

  public long dropped() {
    return dropped.sum();
  }

  public long exported() {
    return exported.sum();
  }

  public boolean lastExportSucceeded() {
    return lastExportSucceeded;
  }
}
