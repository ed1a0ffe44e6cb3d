package dev.o11y.sdk.kafka.internal;

import dev.o11y.sdk.O11y;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Record headers as an OTel carrier, through the application's configured propagators. Header bytes
 * come from anyone who can produce to the topic, so oversized values are ignored before any parsing:
 * a hostile header costs a length check.
 */
public final class KafkaHeaders {

  /** W3C traceparent is 55 chars; tracestate and baggage are bounded far below this by their specs. */
  static final int MAX_VALUE_BYTES = 8 * 1024;

  public static final TextMapGetter<Headers> GETTER = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Headers headers) {
      List<String> keys = new ArrayList<>();
      for (Header header : headers) {
        keys.add(header.key());
      }
      return keys;
    }

    @Override
    public String get(Headers headers, String key) {
      if (headers == null || key == null) {
        return null;
      }
      Header header = headers.lastHeader(key);
      if (header == null || header.value() == null || header.value().length > MAX_VALUE_BYTES) {
        return null;
      }
      return new String(header.value(), StandardCharsets.UTF_8);
    }
  };

  public static final TextMapSetter<Headers> SETTER = (headers, key, value) -> {
    if (headers != null) {
      if (headers.lastHeader(key) != null) {
        headers.remove(key); // a re-sent record must not carry the previous hop's context too
      }
      headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
  };

  private final TextMapPropagator propagator;

  public KafkaHeaders(O11y o11y) {
    this.propagator = o11y.openTelemetry().getPropagators().getTextMapPropagator();
  }

  /** The context a record carries; the root context when its headers hold none, or garbage. */
  public Context extract(Headers headers) {
    try {
      return propagator.extract(Context.root(), headers, GETTER);
    } catch (RuntimeException hostileHeaders) {
      return Context.root(); // never let a header break consumption: start a new trace
    }
  }

  /**
   * Writes {@code context} into the headers, in place of any context they carried: every header the
   * propagators own is removed first, since they write {@code tracestate} and {@code baggage} only when
   * the context has some, and a re-sent record must not pair the new trace with the previous hop's
   * state or baggage. A context with nothing to write (no valid span) leaves the headers, and the
   * trace they continue, as they are; so do read-only headers (a record already sent keeps its
   * context) and a propagator that fails.
   */
  public void inject(Context context, Headers headers) {
    if (headers == null) {
      return;
    }
    try {
      Map<String, String> fresh = new LinkedHashMap<>(4);
      propagator.inject(context, fresh, Map::put);
      if (fresh.isEmpty()) {
        return;
      }
      for (String field : propagator.fields()) {
        if (headers.lastHeader(field) != null) {
          headers.remove(field);
        }
      }
      fresh.forEach((key, value) -> SETTER.set(headers, key, value));
    } catch (RuntimeException readOnlyOrFailingPropagator) {
      // see above
    }
  }
}
