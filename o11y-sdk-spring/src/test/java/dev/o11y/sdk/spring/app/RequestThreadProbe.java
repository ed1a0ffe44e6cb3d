package dev.o11y.sdk.spring.app;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.MDC;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Wraps every request outside the SDK's filter and looks at the request thread as each of its
 * dispatches starts and after it ends: whatever a thread still carries then (MDC, a current span, any
 * context) is state leaking into the next request that thread serves. An async request's container
 * events (complete, error, timeout) are looked at the same way, after the SDK's listener has run.
 */
@Component
public class RequestThreadProbe extends FilterRegistrationBean<OncePerRequestFilter> {

  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong dirtyOnEntry = new AtomicLong();
  private final AtomicLong dirtyOnExit = new AtomicLong();
  private final AtomicLong dirtyAfterListeners = new AtomicLong();
  /** By request URI: counted down when a dispatch returns its thread while the request goes on (async). */
  private final Map<String, CountDownLatch> returnedAsync = new ConcurrentHashMap<>();
  /** By request URI: counted down once the container has told every listener the request completed. */
  private final Map<String, CountDownLatch> completed = new ConcurrentHashMap<>();

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
          if (request.isAsyncStarted()) {
            // added after the SDK's listener (its filter returns first), so it runs after it
            request.getAsyncContext().addListener(new EventProbe(request.getRequestURI()));
            returnedAsync(request.getRequestURI()).countDown();
          }
        }
      }

      /** An async dispatch runs on whichever container thread is free: it too must find and leave it clean. */
      @Override
      protected boolean shouldNotFilterAsyncDispatch() {
        return false;
      }
    });
    setOrder(Ordered.HIGHEST_PRECEDENCE);
  }

  /** One per async cycle: each dispatch that starts a cycle adds its own as it returns. */
  private final class EventProbe implements AsyncListener {
    private final String uri;

    EventProbe(String uri) {
      this.uri = uri;
    }

    @Override
    public void onComplete(AsyncEvent event) {
      check();
      latch(completed, uri).countDown();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      check();
    }

    @Override
    public void onError(AsyncEvent event) {
      check();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {}

    private void check() {
      if (!clean()) {
        dirtyAfterListeners.incrementAndGet();
      }
    }
  }

  private static boolean clean() {
    Map<String, String> mdc = MDC.getCopyOfContextMap();
    return (mdc == null || mdc.isEmpty()) && !Span.current().getSpanContext().isValid()
        && Context.current() == Context.root();
  }

  /**
   * Waits until a dispatch of the request for {@code uri} has returned its thread, every filter
   * included, with the request still in progress: all a filter does "when the chain returns" is done.
   */
  public void awaitReturnedAsync(String uri, Duration timeout) throws InterruptedException {
    if (!returnedAsync(uri).await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("the request thread of " + uri + " did not return within " + timeout);
    }
  }

  /**
   * Waits until the async request for {@code uri} has completed, every listener included: whatever
   * the SDK records on completion is recorded by then.
   */
  public void awaitCompleted(String uri, Duration timeout) throws InterruptedException {
    if (!latch(completed, uri).await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("the async request " + uri + " did not complete within " + timeout);
    }
  }

  private CountDownLatch returnedAsync(String uri) {
    return latch(returnedAsync, uri);
  }

  private static CountDownLatch latch(Map<String, CountDownLatch> latches, String uri) {
    return latches.computeIfAbsent(uri, u -> new CountDownLatch(1));
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

  /** Async container events after which the thread carried MDC or context. */
  public long dirtyAfterListeners() {
    return dirtyAfterListeners.get();
  }
}
