package dev.o11y.sdk.internal.context;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;

/**
 * The id of the request a context serves (the HTTP server's {@code X-Request-ID}). It travels in the
 * OTel context, as the operation name does, so the MDC {@code request_id} follows every hop the trace
 * ids follow: an executor that propagates context carries it without knowing it exists.
 */
public final class RequestIdKey {

  /**
   * Only ids {@link dev.o11y.sdk.internal.SecretMasker#mask(String) masking} leaves unchanged go here:
   * the JSON line writes the MDC {@code request_id} that came from this key without masking it again.
   */
  public static final ContextKey<String> KEY = ContextKey.named("o11y-request-id");

  private RequestIdKey() {}

  public static String from(Context context) {
    return context.get(KEY);
  }
}
