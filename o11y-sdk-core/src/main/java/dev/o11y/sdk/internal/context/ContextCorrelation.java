package dev.o11y.sdk.internal.context;

import dev.o11y.sdk.internal.profiling.ProfilerLabels;
import dev.o11y.sdk.internal.profiling.ProfilingState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * What follows a context onto a thread besides the context itself: the MDC trace fields and, while
 * profiling, the profiler's span labels. Neither applying nor restoring throws (each part guards its
 * own restore), since a broken MDC adapter or profiler must not break context propagation.
 */
public final class ContextCorrelation {

  private ContextCorrelation() {}

  /**
   * Applies {@code context}'s correlation; the returned scope restores it and then closes {@code
   * inner} (the scope of the attach itself), or is {@code inner} when nothing changed.
   */
  public static Scope apply(Context context, Scope inner) {
    Scope next = inner;
    if (ProfilingState.active()) {
      try {
        Scope profiler = ProfilerLabels.apply(context, OperationKey.from(context));
        if (profiler != Scope.noop()) {
          next = () -> {
            profiler.close();
            inner.close();
          };
        }
      } catch (RuntimeException | LinkageError e) {
        next = inner;
      }
    }
    try {
      return MdcCorrelation.apply(context, next);
    } catch (RuntimeException | LinkageError e) {
      return next;
    }
  }
}
