package dev.o11y.sdk.internal.tracing;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts every span that never reaches the collector. Spans in flight (queued or being exported)
 * are capped at the batch processor's queue size, so the processor itself never drops silently:
 * every loss is either refused here or a failed export, and both are counted.
 */
public final class SpanExportGate {

  private final long capacity;
  private final AtomicLong inFlight = new AtomicLong();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder exported = new LongAdder();
  private volatile boolean lastExportSucceeded = true;

  public SpanExportGate(long capacity) {
    this.capacity = capacity;
  }

  boolean tryAdmit() {
    if (inFlight.incrementAndGet() > capacity) {
      inFlight.decrementAndGet();
      dropped.increment();
      return false;
    }
    return true;
  }

  void completed(int spans, boolean success) {
    inFlight.addAndGet(-spans);
    lastExportSucceeded = success;
    if (success) {
      exported.add(spans);
    } else {
      dropped.add(spans);
    }
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
