package dev.o11y.sdk.spring.internal;

import io.opentelemetry.context.Context;
import org.springframework.core.Ordered;
import org.springframework.core.task.TaskDecorator;

/**
 * Runs a task in its submitter's OpenTelemetry context (and so its MDC trace fields).
 *
 * <p>Boot hands every {@code TaskDecorator} bean, in order, to a {@code CompositeTaskDecorator},
 * which wraps the task with each in turn: the last one's wrapper is the outermost and runs first.
 * Lowest precedence puts this one last, so the context is current before an application's
 * decorator runs and it sees the submitter's trace too. An application decorator without an order
 * ties with it, and the tie keeps registration order, where auto-configured beans come after the
 * application's.
 */
public final class TraceContextTaskDecorator implements TaskDecorator, Ordered {

  @Override
  public Runnable decorate(Runnable runnable) {
    return Context.current().wrap(runnable);
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }
}
