package dev.o11y.sdk.internal.context;

import dev.o11y.sdk.internal.profiling.ProfilerLabels;
import dev.o11y.sdk.internal.profiling.ProfilingState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextStorage;
import io.opentelemetry.context.Scope;

/**
 * Wraps OpenTelemetry's context storage so every attach — ours, an executor hop, a Kafka or HTTP
 * integration, someone else's instrumentation — updates the MDC and every detach restores it. One
 * mechanism instead of each integration re-implementing MDC handling.
 */
public final class MdcContextStorage implements ContextStorage {

  private static volatile boolean installed;

  private final ContextStorage delegate;

  private MdcContextStorage(ContextStorage delegate) {
    this.delegate = delegate;
    installed = true;
  }

  /**
   * Registers the wrapper. Effective only if nothing has used the OpenTelemetry context yet in this
   * JVM; {@link #isInstalled()} tells afterwards.
   */
  public static void register() {
    ContextStorage.addWrapper(MdcContextStorage::new);
  }

  /** Forces the storage to initialise and tells whether our wrapper is in it. */
  public static boolean isInstalled() {
    ContextStorage.get();
    return installed;
  }

  @Override
  public Scope attach(Context toAttach) {
    Scope attached = delegate.attach(toAttach);
    if (attached == Scope.noop()) {
      return attached; // the same context was already current: the MDC already matches it
    }
    Scope mdc;
    try {
      mdc = MdcCorrelation.apply(toAttach);
    } catch (RuntimeException | LinkageError e) {
      mdc = Scope.noop(); // an MDC adapter that throws must not break context propagation
    }
    Scope profiler = Scope.noop();
    if (ProfilingState.active()) {
      try {
        profiler = ProfilerLabels.apply(toAttach, OperationKey.from(toAttach));
      } catch (RuntimeException | LinkageError e) {
        profiler = Scope.noop(); // a profiler problem must not break the application either
      }
    }
    if (mdc == Scope.noop() && profiler == Scope.noop()) {
      return attached;
    }
    Scope restoreMdc = mdc;
    Scope restoreProfiler = profiler;
    return () -> {
      try {
        restoreProfiler.close();
        restoreMdc.close();
      } catch (RuntimeException | LinkageError ignored) {
        // same reason as above
      }
      attached.close();
    };
  }

  @Override
  public Context current() {
    return delegate.current();
  }

  @Override
  public Context root() {
    return delegate.root();
  }
}
