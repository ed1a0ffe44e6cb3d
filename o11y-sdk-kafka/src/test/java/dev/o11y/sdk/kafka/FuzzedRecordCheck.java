package dev.o11y.sdk.kafka;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.trace.ReadableSpan;
import java.util.List;
import org.slf4j.MDC;

/**
 * What a record handler finds on its thread, against what {@link TraceHeaderFuzz} says the record
 * must give it. Run inside the handler, where the SDK made the record's span current.
 */
final class FuzzedRecordCheck {

  private FuzzedRecordCheck() {}

  /** A description of the first thing wrong, or null. */
  static String problem(TraceHeaderFuzz.Expected expected) {
    Span span = Span.current();
    SpanContext context = span.getSpanContext();
    if (!context.isValid()) {
      return "no span is current";
    }
    if (!context.getTraceId().equals(MDC.get("trace_id")) || !context.getSpanId().equals(MDC.get("span_id"))) {
      return "MDC names " + MDC.get("trace_id") + "/" + MDC.get("span_id") + ", the current span is "
          + context.getTraceId() + "/" + context.getSpanId();
    }
    String parentProblem = expected.traceId() != null ? continued(span, expected) : newTrace(span);
    return parentProblem != null ? parentProblem : baggageProblem(expected);
  }

  private static String continued(Span span, TraceHeaderFuzz.Expected expected) {
    SpanContext context = span.getSpanContext();
    if (!context.getTraceId().equals(expected.traceId())) {
      return "trace " + context.getTraceId() + ", the record's traceparent names " + expected.traceId();
    }
    if (context.isSampled() != expected.sampled()) {
      return "sampled=" + context.isSampled() + " under a parent with sampled=" + expected.sampled();
    }
    if (context.getSpanId().equals(expected.spanId())) {
      return "the span reuses its parent's id";
    }
    if (span instanceof ReadableSpan readable) {
      SpanContext parent = readable.getParentSpanContext();
      if (!parent.isRemote() || !parent.getSpanId().equals(expected.spanId())) {
        return "parent " + parent.getSpanId() + " (remote=" + parent.isRemote() + "), expected " + expected.spanId();
      }
    } else if (expected.sampled()) {
      return "a sampled parent gave a span that is not recording";
    }
    return null;
  }

  private static String newTrace(Span span) {
    if (!(span instanceof ReadableSpan readable)) {
      return "the root of a new trace is not recording";
    }
    SpanContext parent = readable.getParentSpanContext();
    return parent.isValid() ? "parent " + parent.getTraceId() + "/" + parent.getSpanId()
        + ", but the record carries no valid traceparent" : null;
  }

  private static String baggageProblem(TraceHeaderFuzz.Expected expected) {
    Baggage baggage = Baggage.current();
    if (expected.noBaggage() && !baggage.isEmpty()) {
      return "baggage " + List.copyOf(baggage.asMap().keySet()) + " on a record sent without any";
    }
    if (expected.baggage() != null && !expected.baggage().equals(baggage.getEntryValue("fuzz"))) {
      return "baggage fuzz=" + baggage.getEntryValue("fuzz") + ", the record sent fuzz=" + expected.baggage();
    }
    return null;
  }
}
