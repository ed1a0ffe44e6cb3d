package dev.o11y.sdk.internal.context;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.Objects;
import org.slf4j.MDC;

/**
 * Puts the trace fields of a context into the thread's real MDC and gives back a scope that
 * restores exactly what was there before, so nested spans and thread hops never leave stale ids.
 */
public final class MdcCorrelation {

  public static final String TRACE_ID = "trace_id";
  public static final String SPAN_ID = "span_id";
  public static final String TRACE_FLAGS = "trace_flags";
  public static final String OPERATION = "operation";

  private MdcCorrelation() {}

  public static Scope apply(Context context) {
    Span span = Span.fromContextOrNull(context);
    SpanContext spanContext = span == null ? null : span.getSpanContext();
    boolean valid = spanContext != null && spanContext.isValid();
    String traceId = valid ? spanContext.getTraceId() : null;
    String spanId = valid ? spanContext.getSpanId() : null;
    String flags = valid ? spanContext.getTraceFlags().asHex() : null;
    String operation = valid ? OperationKey.from(context) : null;

    String previousTrace = MDC.get(TRACE_ID);
    String previousSpan = MDC.get(SPAN_ID);
    if (Objects.equals(previousSpan, spanId) && Objects.equals(previousTrace, traceId)) {
      String previousOperation = MDC.get(OPERATION);
      if (Objects.equals(previousOperation, operation)) {
        return Scope.noop();
      }
    }
    Snapshot snapshot =
        new Snapshot(previousTrace, previousSpan, MDC.get(TRACE_FLAGS), MDC.get(OPERATION));
    set(TRACE_ID, traceId);
    set(SPAN_ID, spanId);
    set(TRACE_FLAGS, flags);
    set(OPERATION, operation);
    return snapshot;
  }

  private static void set(String key, String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }

  private record Snapshot(String traceId, String spanId, String flags, String operation)
      implements Scope {
    @Override
    public void close() {
      try {
        set(TRACE_ID, traceId);
        set(SPAN_ID, spanId);
        set(TRACE_FLAGS, flags);
        set(OPERATION, operation);
      } catch (RuntimeException | LinkageError brokenMdcAdapter) {
        // restoring must never break the context switch it rides on
      }
    }
  }
}
