package dev.o11y.sdk.spring.internal;

import dev.o11y.sdk.O11y;
import dev.o11y.sdk.internal.Instrumenter;
import dev.o11y.sdk.internal.Invocation;
import dev.o11y.sdk.internal.SdkInternals;
import dev.o11y.sdk.internal.context.RequestIdKey;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.EnumSet;
import org.springframework.web.servlet.HandlerMapping;

/**
 * One SERVER span per request, continuing an incoming {@code traceparent}, plus the HTTP RED
 * histogram. Echoes {@code traceparent} and an accepted-or-generated {@code X-Request-ID}.
 *
 * <p>A request that goes async (the handler returned a {@code CompletableFuture}, {@code
 * DeferredResult}, {@code Callable}, emitter...) has no response yet when the chain returns: its
 * span and metric are finished by an {@link AsyncServerRequest} when the container completes it.
 *
 * <p>Registered for the {@link #dispatches() REQUEST, FORWARD and ASYNC dispatches}, and made to run
 * once per request without {@code OncePerRequestFilter}'s marker attribute (a string built, and an
 * attribute set, read and removed on the container's request, on every request): a forward inside a
 * request this filter traces finds the request's context current and passes through, while one a
 * filter ahead of this one made is traced. Include and error dispatches are not registered.
 */
public final class HttpServerTracingFilter implements Filter {

  /** The dispatches to register this filter for. */
  public static EnumSet<DispatcherType> dispatches() {
    return EnumSet.of(DispatcherType.REQUEST, DispatcherType.FORWARD, DispatcherType.ASYNC);
  }

  /** Set by {@link ProblemDetailsAdvice} when it turns an exception into a 5xx response or the client is gone. */
  public static final String HANDLED_ERROR = HttpServerTracingFilter.class.getName() + ".error";
  static final String REQUEST_ID = "X-Request-ID";

  private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  private static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
  private static final AttributeKey<String> SCHEME = AttributeKey.stringKey("url.scheme");
  private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
  private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  private static final Instrumenter.SpanAttributes<HttpServletRequest> REQUEST_ATTRIBUTES = request -> {
    String method = HttpServerMetrics.method(request.getMethod());
    return HttpServerMetrics.withOriginalMethod(
        Attributes.of(METHOD, method, PATH, request.getRequestURI(), SCHEME, request.getScheme()),
        method, request.getMethod());
  };

  private final O11y o11y;
  private final Instrumenter instrumenter;
  private final HttpServerMetrics metrics;

  public HttpServerTracingFilter(O11y o11y, HttpServerMetrics metrics) {
    this.o11y = o11y;
    this.instrumenter = SdkInternals.instrumenter(o11y);
    this.metrics = metrics;
  }

  @Override
  public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
      throws IOException, ServletException {
    if (!(servletRequest instanceof HttpServletRequest request)
        || !(servletResponse instanceof HttpServletResponse response)) {
      chain.doFilter(servletRequest, servletResponse);
      return;
    }
    DispatcherType dispatch = request.getDispatcherType();
    if (dispatch == DispatcherType.ASYNC) {
      AsyncServerRequest.dispatch(request, response, chain); // runs in the request's span
    } else if (dispatch == DispatcherType.REQUEST
        || dispatch == DispatcherType.FORWARD && RequestIdKey.from(Context.current()) == null) {
      traced(request, response, chain);
    } else {
      chain.doFilter(request, response); // inside a request this filter already traces
    }
  }

  private void traced(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    // in the context, not only this thread's MDC: the MDC follows the context onto every thread the
    // request's work hops to (async dispatches, executors that propagate context)
    Context parent = RequestIdKey.with(o11y.openTelemetry().getPropagators().getTextMapPropagator()
        .extract(Context.root(), request, HeaderGetter.INSTANCE), request.getHeader(REQUEST_ID));
    String requestId = RequestIdKey.from(parent);
    String method = HttpServerMetrics.method(request.getMethod());
    Invocation invocation = instrumenter.start(HttpServerMetrics.spanName(method, null), SpanKind.SERVER, request, REQUEST_ATTRIBUTES, parent, null);
    response.setHeader(REQUEST_ID, requestId);
    response.setHeader("traceparent", traceparent(invocation.span().getSpanContext()));
    Throwable escaped = null;
    try {
      chain.doFilter(request, response);
    } catch (IOException | ServletException | RuntimeException | Error e) {
      escaped = e;
      throw e;
    } finally {
      // an async request's response comes later, from other threads: this thread goes back clean
      boolean endsLater = escaped == null && request.isAsyncStarted()
          && AsyncServerRequest.endOnCompletion(this, instrumenter, request, response, invocation, method);
      if (endsLater) {
        invocation.detach();
      } else {
        recordOutcome(request, response, invocation, method, escaped);
        invocation.end(escaped);
      }
    }
  }

  /**
   * Names the span after its route, gives it the response's status and error, and records the
   * metric, once per request. Called while the span is current, so the bucket's exemplar points at
   * this request; the caller then ends the span.
   */
  void recordOutcome(HttpServletRequest request, HttpServletResponse response, Invocation invocation,
      String method, Throwable escaped) {
    Span span = invocation.span();
    Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
    int status = escaped != null && !response.isCommitted() ? 500 : response.getStatus();
    String route = routeOf(pattern, status);
    Object handled = request.getAttribute(HANDLED_ERROR);
    String errorType = escaped != null ? simpleName(escaped)
        : handled instanceof Throwable t ? simpleName(t)
        : status >= 500 ? Integer.toString(status) : null;
    if (span.isRecording()) { // most requests under a ratio sampler: no name to build, nothing to box
      span.updateName(HttpServerMetrics.spanName(method, route));
      if (route != null) {
        span.setAttribute(ROUTE, route);
      }
      span.setAttribute(STATUS, (long) status);
      if (errorType != null) {
        span.setAttribute(ERROR_TYPE, errorType);
        span.setStatus(StatusCode.ERROR);
      }
    }
    metrics.record(method, route, status, errorType, invocation.elapsedNanos());
  }

  /** The static-resource handler's catch-all that answered 404 matched nothing a user would name. */
  private static final String RESOURCE_CATCH_ALL = "/**";

  static String routeOf(Object pattern, int status) {
    if (pattern == null) {
      return null;
    }
    String route = pattern.toString();
    return status == 404 && RESOURCE_CATCH_ALL.equals(route) ? null : route;
  }

  static String traceparent(SpanContext context) {
    return "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex();
  }

  private static String simpleName(Throwable error) {
    String name = error.getClass().getSimpleName();
    return name.isEmpty() ? error.getClass().getName() : name;
  }

  private enum HeaderGetter implements TextMapGetter<HttpServletRequest> {
    INSTANCE;

    @Override
    public Iterable<String> keys(HttpServletRequest carrier) {
      return Collections.list(carrier.getHeaderNames());
    }

    @Override
    public String get(HttpServletRequest carrier, String key) {
      return carrier == null ? null : carrier.getHeader(key);
    }
  }
}
