package dev.o11y.sdk.spring.internal;

import dev.o11y.sdk.internal.context.MdcCorrelation;
import dev.o11y.sdk.internal.context.OperationContext;
import io.opentelemetry.context.Context;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Gives the request the operation its span ends with ({@code GET /products/{id}}) from the moment
 * Spring MVC has matched a route: in the request's context, so log lines and profiler labels on every
 * thread the request's work hops to carry it, and in this thread's MDC, already set from the context.
 * The HTTP filter starts the request before any route is known, so until here it is only {@code GET}.
 *
 * <p>Only that placeholder is replaced: a request this SDK does not trace, or an operation someone
 * else made current, is left alone. The filter's scope restores the thread's MDC when the request
 * ends, so the route never outlives it.
 */
public final class RouteOperationInterceptor implements HandlerInterceptor {

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
    Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
    String route = pattern == null ? null : HttpServerTracingFilter.routeOf(pattern, 404);
    if (route != null) {
      String method = HttpServerMetrics.method(request.getMethod());
      String placeholder = HttpServerMetrics.spanName(method, null);
      String named = HttpServerMetrics.spanName(method, route);
      OperationContext.rename(Context.current(), placeholder, named);
      if (placeholder.equals(MDC.get(MdcCorrelation.OPERATION))) {
        MDC.put(MdcCorrelation.OPERATION, named);
      }
    }
    return true;
  }
}
