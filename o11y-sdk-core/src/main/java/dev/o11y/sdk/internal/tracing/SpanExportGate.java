package dev.o11y.sdk.internal.tracing;

import java.lang.ref.WeakReference;
import java.util.Collection;
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
  private volatile boolean lastExportSucceeded = true;

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
        return false;
      }
    } while (!inFlight.compareAndSet(current, current + 1));
    return true;
  }

  /**
   * The outcome of exporting {@code batch}, counted once however many exporters it went to:
   * OpenTelemetry hands one batch to every exporter of a composite ({@code OTEL_TRACES_EXPORTER=otlp,zipkin})
   * while the batch was admitted once, so the first exporter to finish decides.
   */
  void completed(Collection<?> batch, boolean success) {
    if (firstOutcome(batch)) {
      completed(batch.size(), success);
    }
  }

  /** Recently counted batches, held weakly: a batch's exporters all finish within a few exports. */
  private final WeakReference<?>[] counted = new WeakReference<?>[16];
  private int nextCounted;

  private synchronized boolean firstOutcome(Collection<?> batch) {
    for (WeakReference<?> seen : counted) {
      if (seen != null && seen.get() == batch) {
        return false;
      }
    }
    counted[nextCounted] = new WeakReference<>(batch);
    nextCounted = (nextCounted + 1) % counted.length;
    return true;
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
