package dev.o11y.sdk.spring.internal;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.context.request.async.AsyncRequestTimeoutException;

/**
 * The last-resort handler: any exception leaving a controller becomes RFC 9457 problem+json that
 * carries the {@code trace_id}, never a stack trace. Applications' own advice runs first. A client
 * that disconnected gets no answer and no log line; an async timeout is one WARN line.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ProblemDetailsAdvice {

  private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

  @ExceptionHandler(Exception.class)
  public ResponseEntity<ProblemDetail> handle(Exception error, HttpServletRequest request) {
    if (error instanceof AsyncRequestNotUsableException) {
      // writing this response failed, the client is gone (Spring's default resolver, which this
      // catch-all runs before, ignores it too): nobody reads a problem, and a stack trace per
      // impatient client is noise. The span and metric still get an error type
      request.setAttribute(HttpServerTracingFilter.HANDLED_ERROR, error);
      return null;
    }
    HttpStatusCode status;
    ProblemDetail problem;
    if (error instanceof ErrorResponse response) {
      status = response.getStatusCode();
      problem = response.getBody();
    } else {
      status = HttpStatus.INTERNAL_SERVER_ERROR;
      // the message of an unexpected exception may carry internals or user data: it stays in the log
      problem = ProblemDetail.forStatusAndDetail(status, "The request failed; quote trace_id when reporting it.");
    }
    SpanContext span = Span.current().getSpanContext();
    if (span.isValid()) {
      problem.setProperty("trace_id", span.getTraceId());
    }
    if (status.is5xxServerError()) {
      // once, on the server span: the @Monitored span already recorded it as it left the method
      Span.current().recordException(error);
      request.setAttribute(HttpServerTracingFilter.HANDLED_ERROR, error);
      if (error instanceof AsyncRequestTimeoutException) {
        // the handler's own time limit doing its job (DeferredResult, WebAsyncTask, Callable): its
        // stack trace is the container's timeout thread and says nothing about the work
        log.warn("request {} {} timed out waiting for its async result, answered {}", request.getMethod(),
            request.getRequestURI(), status.value());
      } else {
        log.error("request {} {} failed", request.getMethod(), request.getRequestURI(), error);
      }
    }
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
  }
}
