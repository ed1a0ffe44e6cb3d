package dev.o11y.sdk.internal.context;

import dev.o11y.sdk.internal.profiling.ProfilerLabels;
import dev.o11y.sdk.internal.profiling.ProfilingState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * What follows a context onto a thread besides the context itself: the MDC trace fields and, while
 * profiling, the profiler's span labels. Returns the scope that restores both. Neither applying nor
 * restoring throws (each part guards its own restore), since a broken MDC adapter or profiler must
 * not break context propagation.
 */
public final class ContextCorrelation {

  private ContextCorrelation() {}

  /** {@link Scope#noop()} when nothing changed, so callers can skip wrapping. */
  public static Scope apply(Context context) {
    Scope mdc;
    try {
      mdc = MdcCorrelation.apply(context);
    } catch (RuntimeException | LinkageError e) {
      mdc = Scope.noop();
    }
    Scope profiler = Scope.noop();
    if (ProfilingState.active()) {
      try {
        profiler = ProfilerLabels.apply(context, OperationKey.from(context));
      } catch (RuntimeException | LinkageError e) {
        profiler = Scope.noop();
      }
    }
    if (profiler == Scope.noop()) {
      return mdc; // the common case: no extra allocation on the attach path
    }
    Scope restoreMdc = mdc;
    Scope restoreProfiler = profiler;
    return () -> {
      restoreProfiler.close();
      restoreMdc.close();
    };
  }
}
