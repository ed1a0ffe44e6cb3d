package dev.o11y.sdk.internal.tracing;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicBoolean;

/** Reports each export's outcome to the gate: frees the slots, counts failures as drops. */
final class GateReleasingSpanExporter implements SpanExporter {

  private final SpanExporter delegate;
  private final SpanExportGate gate;
  private final AtomicBoolean shutDown = new AtomicBoolean();

  GateReleasingSpanExporter(SpanExporter delegate, SpanExportGate gate) {
    this.delegate = delegate;
    this.gate = gate;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    int count = spans.size();
    CompletableResultCode result;
    try {
      result = delegate.export(spans);
    } catch (RuntimeException e) {
      gate.completed(count, false);
      return CompletableResultCode.ofFailure();
    }
    result.whenComplete(() -> gate.completed(count, result.isSuccess()));
    return result;
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
