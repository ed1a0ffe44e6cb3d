package dev.o11y.sdk.spring.internal;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.context.request.async.AsyncRequestTimeoutException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The last-resort handler: any exception leaving a controller becomes RFC 9457 problem+json that
 * carries the {@code trace_id}, never a stack trace. Applications' own advice runs first.
 *
 * <p>Spring MVC's own exceptions get exactly Spring's answer (status, headers such as {@code Allow},
 * problem), through {@link ResponseEntityExceptionHandler}: being one, this advice also stands in for
 * Boot's {@code ProblemDetailsExceptionHandler} ({@code spring.mvc.problemdetails.enabled}), which
 * Boot only adds when no such handler exists. A catch-all runs before Spring's later resolvers, so
 * it does their work for the rest: {@code @ResponseStatus} and {@code ResponseStatusException},
 * looked for through the causes as {@code ResponseStatusExceptionResolver} does, and Spring
 * Security's exceptions, rethrown for its filter to answer 401/403. Anything else is a 500.
 *
 * <p>Only a 5xx is a server error: logged at ERROR, recorded on the span, counted with its {@code
 * error_type}. A client that disconnected gets no answer and no log line; an async timeout is one
 * WARN line.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

  /**
   * What Spring Security's {@code ExceptionTranslationFilter} turns into 401/403 when it propagates;
   * named, not imported: the SDK does not depend on Spring Security.
   */
  private static final Set<String> SECURITY_EXCEPTIONS = Set.of(
      "org.springframework.security.access.AccessDeniedException",
      "org.springframework.security.core.AuthenticationException");

  /** Causes looked through; a cycle of causes must not hang the request thread. */
  private static final int MAX_CAUSES = 16;

  /** What {@link ResponseEntityExceptionHandler#handleException} does not know. */
  @ExceptionHandler(Exception.class)
  public ResponseEntity<Object> handleOther(Exception error, HttpServletRequest request) throws Exception {
    Throwable cause = error;
    for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++, cause = cause.getCause()) {
      if (isSecurityException(cause.getClass())) {
        throw error; // the resolver then lets it propagate, to Spring Security's filter
      }
      if (cause instanceof ResponseStatusException || cause == error && cause instanceof ErrorResponse) {
        ErrorResponse response = (ErrorResponse) cause;
        return respond(error, response.getStatusCode(), response.getHeaders(),
            response.updateAndGetBody(getMessageSource(), LocaleContextHolder.getLocale()), request);
      }
      ResponseStatus annotated = AnnotatedElementUtils.findMergedAnnotation(cause.getClass(), ResponseStatus.class);
      if (annotated != null) {
        ProblemDetail problem = ProblemDetail.forStatus(annotated.code());
        if (!annotated.reason().isEmpty()) {
          problem.setDetail(message(annotated.reason()));
        }
        return respond(error, annotated.code(), HttpHeaders.EMPTY, problem, request);
      }
    }
    // the message of an unexpected exception may carry internals or user data: it stays in the log
    return respond(error, HttpStatus.INTERNAL_SERVER_ERROR, HttpHeaders.EMPTY,
        ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
            "The request failed; quote trace_id when reporting it."), request);
  }

  /** Every answer {@link ResponseEntityExceptionHandler} makes for Spring MVC's exceptions comes here. */
  @Override
  protected ResponseEntity<Object> handleExceptionInternal(Exception error, Object body,
      HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    ResponseEntity<Object> spring = super.handleExceptionInternal(error, body, headers, status, request);
    if (spring == null) {
      return null; // the response is already committed
    }
    ProblemDetail problem = spring.getBody() instanceof ProblemDetail detail ? detail
        : ProblemDetail.forStatus(spring.getStatusCode());
    return respond(error, spring.getStatusCode(), spring.getHeaders(), problem,
        ((ServletWebRequest) request).getRequest());
  }

  @Override
  protected ResponseEntity<Object> handleAsyncRequestNotUsableException(
      AsyncRequestNotUsableException error, WebRequest request) {
    // writing this response failed, the client is gone: nobody reads a problem, and a stack trace
    // per impatient client is noise. The span and metric still get an error type
    request.setAttribute(HttpServerTracingFilter.HANDLED_ERROR, error, WebRequest.SCOPE_REQUEST);
    return null;
  }

  private ResponseEntity<Object> respond(Exception error, HttpStatusCode status, HttpHeaders headers,
      ProblemDetail problem, HttpServletRequest request) {
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
    // Spring's headers kept (Allow on a 405, Accept on a 415); problem+json whatever the client accepts
    return ResponseEntity.status(status).headers(headers).contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }

  private String message(String reason) {
    MessageSource messages = getMessageSource();
    return messages == null ? reason : messages.getMessage(reason, null, reason, LocaleContextHolder.getLocale());
  }

  private static boolean isSecurityException(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (SECURITY_EXCEPTIONS.contains(c.getName())) {
        return true;
      }
    }
    return false;
  }
}
