package dev.o11y.sdk.internal.context;

import dev.o11y.sdk.internal.SecretMasker;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The id of the request a context serves (the HTTP server's {@code X-Request-ID}). It travels in the
 * OTel context, as the operation name does, so the MDC {@code request_id} follows every hop the trace
 * ids follow: an executor that propagates context carries it without knowing it exists.
 *
 * <p>Only ids masking leaves unchanged are stored, and {@link #with} is the only way in: the JSON line
 * writes the MDC {@code request_id} that came from here without masking it again on every line.
 */
public final class RequestIdKey {

  private static final ContextKey<String> KEY = ContextKey.named("o11y-request-id");
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private RequestIdKey() {}

  public static String from(Context context) {
    return context.get(KEY);
  }

  /**
   * {@code context} serving a request that came with {@code incoming} as its id (null: none). The id
   * is kept when it is short and plain and carries nothing masking would hide (a card or phone number,
   * a JWT, {@code token:…}): such an id would be echoed to the client in clear while every log line
   * masked it. Otherwise the request gets a new id, which masking never changes either.
   */
  public static Context with(Context context, String incoming) {
    return context.with(KEY, accept(incoming));
  }

  static String accept(String incoming) {
    if (incoming != null && PLAIN.matcher(incoming).matches() && SecretMasker.mask(incoming) == incoming) {
      return incoming;
    }
    String generated;
    do { // about 1 in 2.5 million UUIDs has only decimal digits where a phone number would fit
      generated = randomUuid().toString();
    } while (SecretMasker.mask(generated) != generated);
    return generated;
  }

  /**
   * A version 4 UUID from {@link ThreadLocalRandom}: a request id must be unique, not unguessable,
   * and {@code UUID.randomUUID()} takes SecureRandom's lock on every request (OpenTelemetry makes
   * trace and span ids the same way).
   */
  private static UUID randomUuid() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(high, low);
  }
}
