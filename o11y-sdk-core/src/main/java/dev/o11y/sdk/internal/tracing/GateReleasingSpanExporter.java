package dev.o11y.sdk.internal.tracing;

import dev.o11y.sdk.internal.logging.OtelJulBridge;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Reports each export's outcome to the gate: frees the slots, counts failures as drops. */
final class GateReleasingSpanExporter implements SpanExporter {

  private final SpanExporter delegate;
  private final SpanExportGate gate;
  private final boolean batched;
  private final AtomicBoolean shutDown = new AtomicBoolean();
  private final AtomicInteger inFlight = new AtomicInteger();
  /** Set by {@link #cancel()}: ends the quiet once the cancelled exports have completed. */
  private volatile Runnable endQuiet;

  /** @param batched behind the batch processor (with any other batched exporter), not a simple processor of its own */
  GateReleasingSpanExporter(SpanExporter delegate, SpanExportGate gate, boolean batched) {
    this.delegate = delegate;
    this.gate = gate;
    this.batched = batched;
    if (batched) {
      gate.addBatchedExporter();
    }
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    int count = spans.size(); // now: the batch processor clears and refills its list after a timeout
    inFlight.incrementAndGet();
    CompletableResultCode result;
    try {
      result = delegate.export(spans);
    } catch (RuntimeException e) {
      gate.completed(spans, count, false, batched);
      exportEnded();
      return CompletableResultCode.ofFailure();
    }
    result.whenComplete(() -> {
      gate.completed(spans, count, result.isSuccess(), batched);
      exportEnded();
    });
    return result;
  }

  /**
   * Shuts the exporter down, cancelling its exports in flight, when close() has run out of budget
   * and counted them already: their failures are no news, so the exporters' log records are
   * demoted until the last one has completed (the exporter logs a failure before completing it).
   */
  void cancel() {
    Runnable quiet = OtelJulBridge.quietExportFailures();
    endQuiet = quiet;
    shutdown();
    if (inFlight.get() == 0) {
      quiet.run(); // none was in flight, or the last completed before it could see endQuiet
    }
  }

  private void exportEnded() {
    // decrement first, then look: cancel() sets endQuiet first, then looks at inFlight, so one of
    // the two sees the other and the quiet always ends
    if (inFlight.decrementAndGet() == 0) {
      Runnable quiet = endQuiet;
      if (quiet != null) {
        quiet.run();
      }
    }
  }

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  /**
   * Once only: a bounded close() shuts the exporter down (cancelling its requests) before the batch
   * processor, still flushing, gets round to it.
   */
  @Override
  public CompletableResultCode shutdown() {
    return shutDown.compareAndSet(false, true) ? delegate.shutdown() : CompletableResultCode.ofSuccess();
  }

  @Override
  public String toString() {
    return "GateReleasingSpanExporter{" + delegate + "}";
  }
}
