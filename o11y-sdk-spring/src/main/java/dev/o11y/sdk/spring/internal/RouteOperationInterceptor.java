package dev.o11y.sdk.spring.internal;

import dev.o11y.sdk.internal.context.MdcCorrelation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Gives the request's log lines the operation its span ends with ({@code GET /products/{id}}) from
 * the moment Spring MVC has matched a route. The HTTP filter starts the request before any route is
 * known, so until here the {@code operation} field only says {@code GET}.
 *
 * <p>Only that placeholder is replaced: a request this SDK does not trace, or an operation someone
 * else set, is left alone. The filter's scope restores the thread's MDC when the request ends, so
 * the route never outlives it.
 */
public final class RouteOperationInterceptor implements HandlerInterceptor {

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
    Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
    String route = pattern == null ? null : HttpServerTracingFilter.routeOf(pattern, 404);
    if (route != null) {
      String method = HttpServerMetrics.method(request.getMethod());
      String current = MDC.get(MdcCorrelation.OPERATION);
      if (current != null && current.equals(HttpServerMetrics.spanName(method, null))) {
        MDC.put(MdcCorrelation.OPERATION, HttpServerMetrics.spanName(method, route));
      }
    }
    return true;
  }
}
