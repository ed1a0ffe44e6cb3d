package dev.o11y.sdk.internal.context;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;

/** The operation name travels in the OTel context so MDC and profiler labels follow thread hops. */
public final class OperationKey {

  public static final ContextKey<String> KEY = ContextKey.named("o11y-operation");

  private OperationKey() {}

  public static String from(Context context) {
    return context.get(KEY);
  }
}
