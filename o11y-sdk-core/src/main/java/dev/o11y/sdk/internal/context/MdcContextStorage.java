package dev.o11y.sdk.internal.context;

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
    return ContextCorrelation.apply(toAttach, attached);
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
