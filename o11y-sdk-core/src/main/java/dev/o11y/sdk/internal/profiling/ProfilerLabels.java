package dev.o11y.sdk.internal.profiling;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.pyroscope.labels.v2.LabelsSet;
import io.pyroscope.labels.v2.ScopedContext;

/**
 * Puts the current span on the profiler's samples: every context attach labels this thread's
 * samples with {@code span_id}, {@code span_name} and {@code operation}, and the returned scope
 * restores exactly the labels that were there before — so a parent's labels come back when its
 * child ends, and an executor hop carries them to the pool thread.
 */
public final class ProfilerLabels {

  private static final ThreadLocal<ScopedContext> CURRENT = new ThreadLocal<>();

  private ProfilerLabels() {}

  /** Called on every context attach while profiling; {@code operation} may be null. */
  public static Scope apply(Context context, String operation) {
    Span span = Span.fromContextOrNull(context);
    SpanContext spanContext = span == null ? SpanContext.getInvalid() : span.getSpanContext();
    ScopedContext previous = CURRENT.get();
    ScopedContext next;
    if (spanContext.isValid()) {
      LabelsSet labels = operation == null
          ? new LabelsSet("span_id", spanContext.getSpanId(), "span_name", spanName(span))
          : new LabelsSet("span_id", spanContext.getSpanId(), "span_name", spanName(span), "operation", operation);
      next = previous == null ? new ScopedContext(labels) : new ScopedContext(labels, previous);
    } else if (previous != null) {
      // a root context: samples from here on are unlabelled until the scope closes
      next = new ScopedContext(new LabelsSet(), previous);
    } else {
      return Scope.noop();
    }
    CURRENT.set(next);
    return () -> {
      CURRENT.set(previous);
      try {
        next.close(); // async-profiler's thread context goes back to the previous one
      } catch (RuntimeException | LinkageError brokenProfiler) {
        // the application's context switch goes on without profiler labels
      }
    };
  }

  private static String spanName(Span span) {
    return span instanceof io.opentelemetry.sdk.trace.ReadableSpan readable ? readable.getName() : "unknown";
  }
}
