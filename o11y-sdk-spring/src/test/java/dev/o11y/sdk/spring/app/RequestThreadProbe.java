package dev.o11y.sdk.spring.app;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.MDC;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Wraps every request outside the SDK's filter and looks at the request thread as the request
 * starts and after it ends: whatever a thread still carries then (MDC, a current span, any
 * context) is state leaking into the next request that thread serves.
 */
@Component
public class RequestThreadProbe extends FilterRegistrationBean<OncePerRequestFilter> {

  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong dirtyOnEntry = new AtomicLong();
  private final AtomicLong dirtyOnExit = new AtomicLong();

  public RequestThreadProbe() {
    setFilter(new OncePerRequestFilter() {
      @Override
      protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
          throws ServletException, IOException {
        requests.incrementAndGet();
        if (!clean()) {
          dirtyOnEntry.incrementAndGet();
        }
        try {
          chain.doFilter(request, response);
        } finally {
          if (!clean()) {
            dirtyOnExit.incrementAndGet();
          }
        }
      }
    });
    setOrder(Ordered.HIGHEST_PRECEDENCE);
  }

  private static boolean clean() {
    Map<String, String> mdc = MDC.getCopyOfContextMap();
    return (mdc == null || mdc.isEmpty()) && !Span.current().getSpanContext().isValid()
        && Context.current() == Context.root();
  }

  public long requests() {
    return requests.get();
  }

  /** Requests whose thread carried MDC or context when they started. */
  public long dirtyOnEntry() {
    return dirtyOnEntry.get();
  }

  /** Requests that left MDC or context on their thread when they ended. */
  public long dirtyOnExit() {
    return dirtyOnExit.get();
  }
}
