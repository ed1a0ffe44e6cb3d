package dev.o11y.sdk.spring.internal;

import dev.o11y.sdk.internal.Instrumenter;
import dev.o11y.sdk.internal.Invocation;
import io.opentelemetry.context.Scope;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A request whose handler went async: its SERVER span stays open after the request thread returns
 * and ends, with its metric, when the container completes the request.
 *
 * <p>A servlet {@link AsyncListener} rather than Spring's {@code WebAsyncManager} interceptors: it
 * is added only once the request has gone async, so synchronous requests pay nothing, while an
 * interceptor would have to be registered on every request before the handler runs; it sees every
 * way a request goes async (Spring MVC's return types, a plain servlet's {@code startAsync}); and
 * {@code onComplete} comes after the last dispatch has written the response, timeouts and errors
 * included, so the status is the one the client got.
 */
final class AsyncServerRequest implements AsyncListener {

  private static final String ATTRIBUTE = AsyncServerRequest.class.getName();

  private final HttpServerTracingFilter filter;
  private final Instrumenter instrumenter;
  private final HttpServletRequest request;
  private final HttpServletResponse response;
  private final Invocation invocation;
  private final String method;
  /** What escaped a later dispatch or the container reported; read by whichever thread completes. */
  private volatile Throwable error;
  private final AtomicBoolean ended = new AtomicBoolean();

  private AsyncServerRequest(HttpServerTracingFilter filter, Instrumenter instrumenter, HttpServletRequest request,
      HttpServletResponse response, Invocation invocation, String method) {
    this.filter = filter;
    this.instrumenter = instrumenter;
    this.request = request;
    this.response = response;
    this.invocation = invocation;
    this.method = method;
  }

  /**
   * Called as the first dispatch returns with the request async. The container holds back a
   * completion or dispatch asked for meanwhile until that dispatch has returned, so the listener
   * cannot miss it.
   *
   * @return false when the request's async context takes no listener (a wrapper that says it went
   *     async when it did not): the caller then ends the request now
   */
  static boolean endOnCompletion(HttpServerTracingFilter filter, Instrumenter instrumenter,
      HttpServletRequest request, HttpServletResponse response, Invocation invocation, String method) {
    AsyncServerRequest pending = new AsyncServerRequest(filter, instrumenter, request, response, invocation, method);
    try {
      request.getAsyncContext().addListener(pending);
    } catch (IllegalStateException e) {
      return false;
    }
    request.setAttribute(ATTRIBUTE, pending);
    return true;
  }

  /**
   * A later dispatch (Spring MVC writing the async result, or its exception handling) runs in the
   * request's span and MDC: problem+json gets the trace id, log lines the trace and request ids (the
   * request id rides in the request's context).
   */
  static void dispatch(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request.getAttribute(ATTRIBUTE) instanceof AsyncServerRequest pending)) {
      chain.doFilter(request, response); // no span of ours waits on this request
      return;
    }
    Scope scope = pending.instrumenter.attach(pending.invocation.context());
    try {
      chain.doFilter(request, response);
    } catch (IOException | ServletException | RuntimeException | Error e) {
      pending.error = e;
      throw e;
    } finally {
      scope.close();
    }
  }

  /**
   * Ends the request, once: Tomcat completes a request a second time when flushing its finished
   * response fails (the client reset the connection), after an {@code onError} for that flush.
   */
  @Override
  public void onComplete(AsyncEvent event) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    Throwable failure = error;
    try (Scope ignored = instrumenter.attach(invocation.context())) {
      filter.recordOutcome(request, response, invocation, method, failure);
    }
    // not end(..): the request thread closed the invocation's scope, this thread must not touch it
    invocation.endDetached(failure);
  }

  /** Spring MVC answers a timeout in a dispatch (503), or else the container with a 500; onComplete follows. */
  @Override
  public void onTimeout(AsyncEvent event) {}

  /**
   * An I/O failure, such as the client gone while a result was written; onComplete follows. When
   * only the container's final flush fails, this comes after the request has completed and ended.
   */
  @Override
  public void onError(AsyncEvent event) {
    if (error == null) {
      error = event.getThrowable();
    }
  }

  /** Starting async again (from a later dispatch) drops the listeners of the previous cycle. */
  @Override
  public void onStartAsync(AsyncEvent event) {
    event.getAsyncContext().addListener(this);
  }
}
