package dev.o11y.sdk.internal.tracing;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/** Sits in front of the batch processor and refuses (counting) what would overflow its queue. */
final class GatedSpanProcessor implements SpanProcessor {

  private final SpanProcessor delegate;
  private final SpanExportGate gate;

  GatedSpanProcessor(SpanProcessor delegate, SpanExportGate gate) {
    this.delegate = delegate;
    this.gate = gate;
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {
    delegate.onStart(parentContext, span);
  }

  @Override
  public boolean isStartRequired() {
    return delegate.isStartRequired();
  }

  @Override
  public void onEnd(ReadableSpan span) {
    // unsampled spans are never exported, so they never occupy the queue
    if (span.getSpanContext().isSampled() && gate.tryAdmit()) {
      delegate.onEnd(span);
    }
  }

  @Override
  public boolean isEndRequired() {
    return delegate.isEndRequired();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }

  @Override
  public CompletableResultCode forceFlush() {
    return delegate.forceFlush();
  }
}
