package dev.o11y.sdk.internal.metrics;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

/**
 * Lets the Prometheus client attach the current OTel span as an exemplar to the histogram bucket a
 * call lands in, so a latency outlier on a dashboard links to its trace.
 */
public final class OtelExemplarSpanContext implements io.prometheus.metrics.tracer.common.SpanContext {

  @Override
  public String getCurrentTraceId() {
    SpanContext context = Span.current().getSpanContext();
    return context.isValid() ? context.getTraceId() : null;
  }

  @Override
  public String getCurrentSpanId() {
    SpanContext context = Span.current().getSpanContext();
    return context.isValid() ? context.getSpanId() : null;
  }

  @Override
  public boolean isCurrentSpanSampled() {
    // only sampled spans reach the trace backend; an exemplar pointing elsewhere would be a dead link
    return Span.current().getSpanContext().isSampled();
  }

  @Override
  public void markCurrentSpanAsExemplar() {
    // nothing: tail samplers are not in play, and an attribute per exemplar would cost an allocation
  }
}
