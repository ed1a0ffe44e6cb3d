package dev.o11y.sdk.spring.internal;

import dev.o11y.sdk.internal.metrics.DurationBuckets;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code http_server_request_duration_seconds} with OpenTelemetry semantic-convention labels. The
 * route is the template ({@code /products/{id}}), never the raw path; unknown methods become
 * {@code _OTHER}; timers are cached so a request allocates no meter id once its series exists.
 */
public final class HttpServerMetrics {

  static final String NAME = "http.server.request.duration";
  static final String UNMATCHED_ROUTE = "unmatched";
  private static final String OTHER_METHOD = "_OTHER";
  private static final int MAX_CACHED = 2_000;
  private static final AttributeKey<String> METHOD_ORIGINAL = AttributeKey.stringKey("http.request.method_original");
  /** A method is a token of any length: a hostile one must not make every such span kilobytes long. */
  private static final int MAX_ORIGINAL_METHOD = 64;

  /**
   * Equality written out: a record's generated {@code equals}/{@code hashCode} went through method
   * handles that showed up in the request profile (~0.4 % of request-thread samples) on every lookup.
   */
  private record Key(String method, String route, int status, String errorType) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Key key && status == key.status && method.equals(key.method)
          && route.equals(key.route) && errorType.equals(key.errorType);
    }

    @Override
    public int hashCode() {
      return ((method.hashCode() * 31 + route.hashCode()) * 31 + status) * 31 + errorType.hashCode();
    }
  }

  private final MeterRegistry registry;
  private final Duration[] buckets = DurationBuckets.withThreshold(DurationBuckets.defaults(), null);
  private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

  public HttpServerMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * The method as a label: one of the nine standard ones, as this class's own constant (so the
   * timer cache's key compares by identity), or {@code _OTHER}.
   */
  static String method(String method) {
    if (method == null) {
      return OTHER_METHOD;
    }
    return switch (method) {
      case "GET" -> "GET";
      case "HEAD" -> "HEAD";
      case "POST" -> "POST";
      case "PUT" -> "PUT";
      case "DELETE" -> "DELETE";
      case "CONNECT" -> "CONNECT";
      case "OPTIONS" -> "OPTIONS";
      case "TRACE" -> "TRACE";
      case "PATCH" -> "PATCH";
      default -> OTHER_METHOD;
    };
  }

  /** The span's name as the semantic conventions give it: {@code HTTP} for a method outside the nine. */
  static String spanName(String method, String route) {
    String prefix = method == OTHER_METHOD ? "HTTP" : method;
    return route == null ? prefix : prefix + " " + route;
  }

  /**
   * The span's attributes, with {@code http.request.method_original} (what the request sent, up to
   * 64 characters) when {@code method} is {@code _OTHER}.
   */
  static Attributes withOriginalMethod(Attributes attributes, String method, String original) {
    if (method != OTHER_METHOD || original == null) {
      return attributes;
    }
    return attributes.toBuilder().put(METHOD_ORIGINAL,
        original.length() > MAX_ORIGINAL_METHOD ? original.substring(0, MAX_ORIGINAL_METHOD) : original).build();
  }

  public void record(String method, String route, int status, String errorType, long nanos) {
    Key key = new Key(method(method), route == null ? UNMATCHED_ROUTE : route, status,
        errorType == null ? "none" : errorType);
    Timer timer = timers.get(key);
    if (timer == null) {
      timer = Timer.builder(NAME)
          .description("Duration of HTTP server requests")
          .tag("http_request_method", key.method())
          .tag("http_route", key.route())
          .tag("http_response_status_code", Integer.toString(status))
          .tag("error_type", key.errorType())
          .serviceLevelObjectives(buckets)
          .register(registry);
      if (timers.size() < MAX_CACHED) {
        timers.put(key, timer);
      }
    }
    timer.record(nanos, TimeUnit.NANOSECONDS);
  }
}
