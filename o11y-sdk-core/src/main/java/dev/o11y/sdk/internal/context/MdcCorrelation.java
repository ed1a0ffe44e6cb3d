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
 *
 * <p>This runs on every context attach, so it touches only the keys whose value changes (a nested
 * span in the same trace rewrites {@code span_id} and {@code operation}, not the trace id and flags)
 * and folds the restore and the inner scope into one object.
 *
 * <p>{@code request_id} is written only by a context that carries one ({@link RequestIdKey}): a
 * context without it (a Kafka record's, {@code Context.root()} inside a request) leaves whatever
 * request id the thread has, the request's own or one the application put there itself.
 */
public final class MdcCorrelation {

  public static final String TRACE_ID = "trace_id";
  public static final String SPAN_ID = "span_id";
  public static final String TRACE_FLAGS = "trace_flags";
  public static final String OPERATION = "operation";
  public static final String REQUEST_ID = "request_id";

  private static final int TRACE = 1;
  private static final int SPAN = 2;
  private static final int FLAGS = 4;
  private static final int OP = 8;
  private static final int REQUEST = 16;

  private MdcCorrelation() {}

  /**
   * Applies {@code context}'s fields; the returned scope restores them and then closes {@code inner}.
   * Returns {@code inner} itself when nothing changed.
   */
  public static Scope apply(Context context, Scope inner) {
    Span span = Span.fromContextOrNull(context);
    SpanContext spanContext = span == null ? null : span.getSpanContext();
    boolean valid = spanContext != null && spanContext.isValid();
    String traceId = valid ? spanContext.getTraceId() : null;
    String spanId = valid ? spanContext.getSpanId() : null;
    String operation = valid ? OperationKey.from(context) : null;
    String requestId = RequestIdKey.from(context);

    String previousTrace = MDC.get(TRACE_ID);
    String previousSpan = MDC.get(SPAN_ID);
    String previousOperation = MDC.get(OPERATION);
    String previousRequest = requestId == null ? null : MDC.get(REQUEST_ID);
    int changed = 0;
    changed |= Objects.equals(previousTrace, traceId) ? 0 : TRACE;
    changed |= Objects.equals(previousSpan, spanId) ? 0 : SPAN;
    changed |= Objects.equals(previousOperation, operation) ? 0 : OP;
    changed |= requestId == null || requestId.equals(previousRequest) ? 0 : REQUEST;
    if (changed == 0) {
      return inner; // the common re-attach of the same span: nothing to write or restore
    }
    String previousFlags = MDC.get(TRACE_FLAGS);
    String flags = valid ? spanContext.getTraceFlags().asHex() : null; // asHex is a cached constant
    changed |= Objects.equals(previousFlags, flags) ? 0 : FLAGS;

    Restore restore = new Restore(changed, previousTrace, previousSpan, previousFlags, previousOperation,
        previousRequest, inner);
    set(changed, TRACE, TRACE_ID, traceId);
    set(changed, SPAN, SPAN_ID, spanId);
    set(changed, FLAGS, TRACE_FLAGS, flags);
    set(changed, OP, OPERATION, operation);
    set(changed, REQUEST, REQUEST_ID, requestId);
    return restore;
  }

  /**
   * Sets only the {@code operation} field, for a nested operation that makes no span of its own;
   * returns what to hand to {@link #restoreOperation}.
   */
  public static String swapOperation(String operation) {
    String previous = MDC.get(OPERATION);
    MDC.put(OPERATION, operation);
    return previous;
  }

  public static void restoreOperation(String previous) {
    set(OP, OP, OPERATION, previous);
  }

  private static void set(int changed, int bit, String key, String value) {
    if ((changed & bit) == 0) {
      return;
    }
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }

  /** What the MDC held before, for the keys that changed, plus the scope to close afterwards. */
  private static final class Restore implements Scope {
    private final int changed;
    private final String traceId;
    private final String spanId;
    private final String flags;
    private final String operation;
    private final String requestId;
    private final Scope inner;

    Restore(int changed, String traceId, String spanId, String flags, String operation, String requestId,
        Scope inner) {
      this.changed = changed;
      this.traceId = traceId;
      this.spanId = spanId;
      this.flags = flags;
      this.operation = operation;
      this.requestId = requestId;
      this.inner = inner;
    }

    @Override
    public void close() {
      try {
        set(changed, TRACE, TRACE_ID, traceId);
        set(changed, SPAN, SPAN_ID, spanId);
        set(changed, FLAGS, TRACE_FLAGS, flags);
        set(changed, OP, OPERATION, operation);
        set(changed, REQUEST, REQUEST_ID, requestId);
      } catch (RuntimeException | LinkageError brokenMdcAdapter) {
        // restoring must never break the context switch it rides on
      } finally {
        inner.close();
      }
    }
  }
}
