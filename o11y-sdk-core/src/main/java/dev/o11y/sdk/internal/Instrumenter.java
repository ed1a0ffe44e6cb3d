package dev.o11y.sdk.internal;

import dev.o11y.sdk.internal.context.MdcContextStorage;
import dev.o11y.sdk.internal.context.ContextCorrelation;
import dev.o11y.sdk.internal.context.OperationKey;
import dev.o11y.sdk.internal.metrics.OperationMeters;
import dev.o11y.sdk.internal.profiling.ProfilingState;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.concurrent.CompletionStage;

/**
 * The one place that turns a call into span + metrics + MDC. The annotation proxy, {@code
 * observe(..)}, and the HTTP and Kafka integrations all go through it.
 */
public final class Instrumenter {

  /** A call that may throw anything; rethrown unchanged. */
  @FunctionalInterface
  public interface Call<T> {
    T call() throws Throwable;
  }

  private static final AttributeKey<String> PROFILE_ID = AttributeKey.stringKey("pyroscope.profile.id");

  private final Tracer tracer;
  private final SdkErrors errors;
  private final boolean mdcFollowsContext;

  public Instrumenter(Tracer tracer, SdkErrors errors) {
    this.tracer = tracer;
    this.errors = errors;
    this.mdcFollowsContext = MdcContextStorage.isInstalled();
  }

  /** Starts a call as a child of the current context and makes it current. */
  public Invocation start(Operation operation) {
    return start(operation, Context.current());
  }

  public Invocation start(Operation operation, Context parent) {
    return start(operation.name(), operation.kind(), operation.spanAttributes(), parent, operation.meters());
  }

  /**
   * Starts a span with MDC and makes it current. Integrations whose metrics depend on the outcome
   * (HTTP status, Kafka topic) pass {@code meters == null} and record their own before {@code end}.
   */
  public Invocation start(
      String name, SpanKind kind, Attributes attributes, Context parent, OperationMeters meters) {
    return start(name, kind, attributes, parent, meters, true);
  }

  /**
   * Starts a span without making it current: for work whose span only needs to be propagated (a
   * Kafka send writes it into headers), so the calling thread pays no context attach or MDC update.
   * End it with {@link Invocation#endDetached}.
   */
  public Invocation startDetached(
      String name, SpanKind kind, Attributes attributes, Context parent, OperationMeters meters) {
    return start(name, kind, attributes, parent, meters, false);
  }

  private Invocation start(String name, SpanKind kind, Attributes attributes, Context parent,
      OperationMeters meters, boolean makeCurrent) {
    try {
      Span span = tracer.spanBuilder(name).setParent(parent).setSpanKind(kind).startSpan();
      if (span.isRecording() && !attributes.isEmpty()) {
        // after start: an unsampled span would build and drop the attribute map for nothing
        span.setAllAttributes(attributes);
      }
      if (ProfilingState.active() && span.isRecording()) {
        // Grafana's traces-to-profiles finds this span's samples by this id
        span.setAttribute(PROFILE_ID, span.getSpanContext().getSpanId());
      }
      Context context = parent.with(span).with(OperationKey.KEY, name);
      if (meters != null) {
        meters.active().incrementAndGet();
      }
      long start = System.nanoTime();
      return new Invocation(meters, span, context, makeCurrent ? attach(context) : null, start, errors);
    } catch (RuntimeException | LinkageError e) {
      errors.report("start", e);
      return Invocation.NOOP;
    }
  }

  /**
   * Runs a call instrumented. A {@link CompletionStage} result ends the span and timer when it
   * completes; the same stage instance is returned so the caller's type and identity are kept.
   */
  public <T> T invoke(Operation operation, Call<T> call) throws Throwable {
    Invocation invocation = start(operation);
    T result;
    try {
      result = call.call();
    } catch (Throwable error) {
      invocation.end(error);
      throw error;
    }
    if (result instanceof CompletionStage<?> stage) {
      invocation.detach();
      try {
        stage.whenComplete((value, error) -> invocation.endDetached(error));
      } catch (RuntimeException e) {
        errors.report("async", e);
      }
      return result;
    }
    invocation.end(null);
    return result;
  }

  private Scope attach(Context context) {
    Scope scope = context.makeCurrent();
    if (mdcFollowsContext) {
      return scope;
    }
    // the OTel context was initialised before o11y could wrap its storage: correlate it ourselves
    Scope correlation = ContextCorrelation.apply(context);
    return () -> {
      correlation.close();
      scope.close();
    };
  }

  public boolean mdcFollowsContext() {
    return mdcFollowsContext;
  }
}
