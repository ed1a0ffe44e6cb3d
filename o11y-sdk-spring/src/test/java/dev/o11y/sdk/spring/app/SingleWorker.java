package dev.o11y.sdk.spring.app;

import dev.o11y.sdk.O11y;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * One worker thread, reachable two ways: through {@code o11y.wrap} (tasks run in their submitter's
 * context) and raw, so a test can ask the same thread what a wrapped task left on it. Not an
 * {@code Executor} bean, which would take the place of Boot's application executor.
 */
@Component
public class SingleWorker implements DisposableBean {

  private final ExecutorService raw = Executors.newSingleThreadExecutor(r -> new Thread(r, "single-worker"));
  private final ExecutorService wrapped;

  public SingleWorker(O11y o11y) {
    this.wrapped = o11y.wrap(raw);
  }

  public ExecutorService wrapped() {
    return wrapped;
  }

  public ExecutorService raw() {
    return raw;
  }

  @Override
  public void destroy() {
    raw.shutdownNow();
  }
}
