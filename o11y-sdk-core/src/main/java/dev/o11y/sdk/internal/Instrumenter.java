package dev.o11y.sdk.internal;

import dev.o11y.sdk.internal.context.ContextCorrelation;
import dev.o11y.sdk.internal.context.MdcContextStorage;
import dev.o11y.sdk.internal.context.MdcCorrelation;
import dev.o11y.sdk.internal.context.OperationContext;
import dev.o11y.sdk.internal.metrics.OperationMeters;
import dev.o11y.sdk.internal.profiling.ProfilingState;
import dev.o11y.sdk.internal.tracing.KnownSampler;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
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

  /**
   * A call that takes its per-call input as an argument, so callers on the hot path (the proxy)
   * pass a long-lived body instead of allocating a capturing lambda per call.
   */
  @FunctionalInterface
  public interface Body<A, T> {
    T run(A argument) throws Throwable;
  }

  /**
   * A span's attributes, derived from what the caller has at hand (an HTTP request), so they are
   * built only when something will read them: the sampler, or a span that records.
   */
  @FunctionalInterface
  public interface SpanAttributes<C> {
    Attributes of(C carrier);
  }

  private static final Body<Call<Object>, Object> CALL = Call::call;
  private static final SpanAttributes<Attributes> AS_GIVEN = attributes -> attributes;

  private static final AttributeKey<String> PROFILE_ID = AttributeKey.stringKey("pyroscope.profile.id");

  private final Tracer tracer;
  private final SdkErrors errors;
  private final boolean mdcFollowsContext;
  private final KnownSampler sampler;

  public Instrumenter(Tracer tracer, SdkErrors errors) {
    this(tracer, errors, KnownSampler.UNKNOWN);
  }

  public Instrumenter(Tracer tracer, SdkErrors errors, KnownSampler sampler) {
    this.tracer = tracer;
    this.errors = errors;
    this.mdcFollowsContext = MdcContextStorage.isInstalled();
    this.sampler = sampler;
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
    return start(name, kind, attributes, AS_GIVEN, parent, meters, true);
  }

  /**
   * {@link #start(String, SpanKind, Attributes, Context, OperationMeters)} with attributes built from
   * {@code carrier} only if the sampler reads them or the span records: most requests under OpenTelemetry's
   * ratio sampler need neither.
   */
  public <C> Invocation start(String name, SpanKind kind, C carrier, SpanAttributes<C> attributes,
      Context parent, OperationMeters meters) {
    return start(name, kind, carrier, attributes, parent, meters, true);
  }

  /**
   * Starts a span without making it current: for work whose span only needs to be propagated (a
   * Kafka send writes it into headers), so the calling thread pays no context attach or MDC update.
   * End it with {@link Invocation#endDetached}.
   */
  public Invocation startDetached(
      String name, SpanKind kind, Attributes attributes, Context parent, OperationMeters meters) {
    return start(name, kind, attributes, AS_GIVEN, parent, meters, false);
  }

  private <C> Invocation start(String name, SpanKind kind, C carrier, SpanAttributes<C> attributes,
      Context parent, OperationMeters meters, boolean makeCurrent) {
    try {
      Span span = startSpan(name, kind, carrier, attributes, parent);
      Context context = OperationContext.of(parent, span, name);
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

  private <C> Span startSpan(String name, SpanKind kind, C carrier, SpanAttributes<C> attributes, Context parent) {
    SpanBuilder builder = tracer.spanBuilder(name).setParent(parent).setSpanKind(kind);
    // HTTP and messaging spans: their attributes are what a sampler decides on (drop health checks,
    // keep a topic), and the semantic conventions want them at creation. Internal spans, and every
    // span under a sampler known not to look, get theirs after start: an unsampled span would build
    // and drop the attribute map for nothing.
    boolean forSampler = kind != SpanKind.INTERNAL && sampler.readsAttributes();
    if (forSampler) {
      builder.setAllAttributes(attributes.of(carrier));
    }
    Span span = builder.startSpan();
    if (!forSampler && span.isRecording()) {
      try {
        span.setAllAttributes(attributes.of(carrier));
      } catch (RuntimeException e) { // the span is started: it must still become current and end
        errors.report("attributes", e);
      }
    }
    if (ProfilingState.active() && span.isRecording()) {
      // Grafana's traces-to-profiles finds this span's samples by this id
      span.setAttribute(PROFILE_ID, span.getSpanContext().getSpanId());
    }
    return span;
  }

  /**
   * Runs a call instrumented. A {@link CompletionStage} result ends the span and timer when it
   * completes; the same stage instance is returned so the caller's type and identity are kept.
   */
  @SuppressWarnings("unchecked")
  public <T> T invoke(Operation operation, Call<T> call) throws Throwable {
    return (T) invoke(operation, CALL, (Call<Object>) call);
  }

  /** {@link #invoke(Operation, Call)} for a body that takes its per-call input as an argument. */
  public <A, T> T invoke(Operation operation, Body<A, T> body, A argument) throws Throwable {
    Context parent = Context.current();
    if (insideUnsampledTrace(parent)) {
      return invokeWithoutSpan(operation, body, argument);
    }
    // what start(..) + Invocation do, kept in locals: this path runs on every call
    OperationMeters meters = operation.meters();
    Span span;
    Context context;
    long start;
    Scope scope;
    try {
      span = startSpan(operation.name(), operation.kind(), operation.spanAttributes(), AS_GIVEN, parent);
      context = OperationContext.of(parent, span, operation.name());
      meters.active().incrementAndGet();
      start = System.nanoTime();
      scope = attach(context);
    } catch (RuntimeException | LinkageError e) {
      errors.report("start", e);
      return body.run(argument);
    }
    T result;
    try {
      result = body.run(argument);
    } catch (Throwable error) {
      Invocation.record(meters, span, start, error, errors); // before detaching: exemplars read the current span
      close(scope);
      throw error;
    }
    if (result instanceof CompletionStage<?> stage) {
      close(scope);
      Invocation pending = new Invocation(meters, span, context, null, start, errors);
      try {
        stage.whenComplete((value, error) -> pending.endDetached(error));
      } catch (RuntimeException e) {
        errors.report("async", e);
      }
      return result;
    }
    Invocation.record(meters, span, start, null, errors);
    close(scope);
    return result;
  }

  private void close(Scope scope) {
    try {
      scope.close();
    } catch (RuntimeException e) {
      errors.report("scope", e);
    }
  }

  /**
   * A nested operation in a trace the sampler already dropped: its span could never be recorded or
   * exported, so none is created — the caller's trace and span ids stay current (downstream calls
   * and log lines still carry them) and only the metrics and the MDC {@code operation} change. This
   * is the path of most calls under a ratio sampler, and it allocates nothing.
   */
  private boolean insideUnsampledTrace(Context parent) {
    if (!mdcFollowsContext || ProfilingState.active()) {
      return false; // profiler labels and the fallback MDC both need a real context attach
    }
    return dropsChildrenOf(parent);
  }

  /**
   * True when any span started under {@code parent} would certainly be dropped by the sampler. For
   * integrations whose spans come from other instrumentation (JDBC): they can skip it there
   * entirely, as nested {@code @Monitored} calls skip theirs.
   */
  public boolean dropsChildrenOf(Context parent) {
    Span span = Span.fromContextOrNull(parent);
    return span != null && sampler.drops(span.getSpanContext());
  }

  private <A, T> T invokeWithoutSpan(Operation operation, Body<A, T> body, A argument) throws Throwable {
    OperationMeters meters = operation.meters();
    String previousOperation;
    long start;
    try {
      previousOperation = MdcCorrelation.swapOperation(operation.name());
      meters.active().incrementAndGet();
      start = System.nanoTime();
    } catch (RuntimeException | LinkageError e) {
      errors.report("start", e);
      return body.run(argument);
    }
    T result;
    try {
      result = body.run(argument);
    } catch (Throwable error) {
      record(meters, start, error);
      restoreOperation(previousOperation);
      throw error;
    }
    restoreOperation(previousOperation);
    if (result instanceof CompletionStage<?> stage) {
      try {
        stage.whenComplete((value, error) -> record(meters, start, Invocation.unwrap(error)));
      } catch (RuntimeException e) {
        errors.report("async", e);
      }
      return result;
    }
    record(meters, start, null);
    return result;
  }

  /** Records the meters of a call that has no span of its own (the invalid span ignores the rest). */
  private void record(OperationMeters meters, long start, Throwable error) {
    Invocation.record(meters, Span.getInvalid(), start, error, errors);
  }

  private void restoreOperation(String previous) {
    try {
      MdcCorrelation.restoreOperation(previous);
    } catch (RuntimeException | LinkageError e) {
      errors.report("scope", e);
    }
  }

  /**
   * Makes {@code context} current with its MDC, as {@link #start} does: for an integration that
   * resumes a call on another thread (an async HTTP request's later dispatch).
   */
  public Scope attach(Context context) {
    Scope scope = context.makeCurrent();
    if (mdcFollowsContext) {
      return scope;
    }
    // the OTel context was initialised before o11y could wrap its storage: correlate it ourselves
    return ContextCorrelation.apply(context, scope);
  }

  public boolean mdcFollowsContext() {
    return mdcFollowsContext;
  }
}
