package dev.o11y.sdk.internal;

import dev.o11y.sdk.internal.metrics.OperationMeters;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** One call in progress: its span, the scope that made it current, and when it started. */
public final class Invocation {

  /** Stands in when starting failed: the call runs uninstrumented. */
  static final Invocation NOOP = new Invocation(null, Span.getInvalid(), Context.root(), Scope.noop(), 0, null);

  /** RED meters to record into, or null for spans whose metrics the integration records itself. */
  private final OperationMeters meters;
  private final Span span;
  private final Context context;
  private final long startNanos;
  private final SdkErrors errors;
  private Scope scope;

  Invocation(OperationMeters meters, Span span, Context context, Scope scope, long startNanos, SdkErrors errors) {
    this.meters = meters;
    this.span = span;
    this.context = context;
    this.scope = scope;
    this.startNanos = startNanos;
    this.errors = errors;
  }

  public Span span() {
    return span;
  }

  public Context context() {
    return context;
  }

  /** Nanoseconds since the call started. */
  public long elapsedNanos() {
    return System.nanoTime() - startNanos;
  }

  /** Ends a synchronous call on the thread that started it; {@code error} is null on success. */
  public void end(Throwable error) {
    try {
      record(error);
    } finally {
      detach();
    }
  }

  /** Restores the caller's context now; the call itself ends later with {@link #endDetached}. */
  public void detach() {
    Scope current = scope;
    scope = null;
    if (current != null) {
      try {
        current.close();
      } catch (RuntimeException e) {
        report("scope", e);
      }
    }
  }

  /** Ends an asynchronous call on whatever thread completed it. */
  public void endDetached(Throwable error) {
    if (errors == null) {
      return; // NOOP: starting failed
    }
    if (meters == null) {
      record(unwrap(error)); // nothing reads the current span: spare the completing thread an attach
      return;
    }
    // the exemplar sampler reads the current span, so make ours current while recording
    try (Scope ignored = context.makeCurrent()) {
      record(unwrap(error));
    } catch (RuntimeException e) {
      report("async end", e);
    }
  }

  private void record(Throwable error) {
    if (errors == null) {
      return; // NOOP: starting failed
    }
    record(meters, span, startNanos, error, errors);
  }

  /** Ends a call's span and records its meters (when it has any); never throws. */
  static void record(OperationMeters meters, Span span, long startNanos, Throwable error, SdkErrors errors) {
    try {
      if (meters != null) {
        meters.record(System.nanoTime() - startNanos, error);
      }
      if (error != null) {
        span.recordException(error);
        // the description stays a class name: messages can carry user data
        span.setStatus(StatusCode.ERROR, error.getClass().getName());
      }
      span.end();
    } catch (RuntimeException | LinkageError e) {
      errors.report("end", e);
    }
  }

  private void report(String where, Throwable e) {
    if (errors != null) {
      errors.report(where, e);
    }
  }

  static Throwable unwrap(Throwable error) {
    Throwable current = error;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }
}
