package dev.o11y.sdk.internal.context;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;

/**
 * A parent context plus one operation's span and name, as a single small object. The usual way,
 * {@code parent.with(span).with(OperationKey.KEY, name)}, copies the parent's entries twice on
 * every call; this is the hot path of every instrumented call, so it answers the two keys itself
 * and builds the ordinary context only if someone adds a further key on top.
 */
public final class OperationContext implements Context {

  /** OpenTelemetry's span key, which it does not expose; null if the probe could not find it. */
  private static final ContextKey<Span> SPAN_KEY = KeyProbe.spanKey();

  private final Context parent;
  private final Span span;
  /** Volatile, not final: an HTTP server operation learns its route after it started ({@link #rename}). */
  private volatile String operation;

  private OperationContext(Context parent, Span span, String operation) {
    this.parent = parent;
    this.span = span;
    this.operation = operation;
  }

  public static Context of(Context parent, Span span, String operation) {
    if (SPAN_KEY == null) {
      return parent.with(span).with(OperationKey.KEY, operation);
    }
    return new OperationContext(parent, span, operation);
  }

  /**
   * Renames the operation of {@code context}, if it is one made here and still named {@code
   * placeholder}, for every thread the context reaches from now on: an HTTP server request starts
   * before its route is known. Contexts derived from it earlier keep the old name.
   *
   * @return whether the name changed
   */
  public static boolean rename(Context context, String placeholder, String name) {
    if (context instanceof OperationContext operationContext && placeholder.equals(operationContext.operation)) {
      operationContext.operation = name;
      return true;
    }
    return false;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <V> V get(ContextKey<V> key) {
    if (key == SPAN_KEY) {
      return (V) span;
    }
    if (key == OperationKey.KEY) {
      return (V) operation;
    }
    return parent.get(key);
  }

  @Override
  public <V> Context with(ContextKey<V> key, V value) {
    return parent.with(SPAN_KEY, span).with(OperationKey.KEY, operation).with(key, value);
  }

  @Override
  public String toString() {
    return "OperationContext{operation=" + operation + ", span=" + span + ", parent=" + parent + "}";
  }

  /** Learns the span key by letting a span store itself into a context that records the key. */
  private static final class KeyProbe implements Context {
    private ContextKey<?> key;

    @SuppressWarnings("unchecked")
    static ContextKey<Span> spanKey() {
      try {
        KeyProbe probe = new KeyProbe();
        Span.getInvalid().storeInContext(probe);
        return (ContextKey<Span>) probe.key;
      } catch (RuntimeException | LinkageError e) {
        return null;
      }
    }

    @Override
    public <V> V get(ContextKey<V> key) {
      return null;
    }

    @Override
    public <V> Context with(ContextKey<V> key, V value) {
      this.key = key;
      return this;
    }
  }
}
