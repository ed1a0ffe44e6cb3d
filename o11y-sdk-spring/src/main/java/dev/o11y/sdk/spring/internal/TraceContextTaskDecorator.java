package dev.o11y.sdk.spring.internal;

import io.opentelemetry.context.Context;
import java.util.concurrent.RunnableScheduledFuture;
import org.springframework.core.Ordered;
import org.springframework.core.task.TaskDecorator;

/**
 * Runs a task in its submitter's OpenTelemetry context (and so its MDC trace fields).
 *
 * <p>Not a periodic one: Spring's {@code ThreadPoolTaskScheduler} hands this decorator the scheduled
 * future itself, and a fixed-rate or fixed-delay task scheduled while a request was being served
 * would otherwise run in that request's trace on every tick for the life of the application, each
 * run a child of a span that ended long ago. Its runs start their own traces, as a
 * {@code @Scheduled} method's do.
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
    if (runnable instanceof RunnableScheduledFuture<?> scheduled && scheduled.isPeriodic()) {
      return Context.root().wrap(runnable);
    }
    return Context.current().wrap(runnable);
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }
}
