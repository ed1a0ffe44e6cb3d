package dev.o11y.sdk.spring.app;

import java.util.concurrent.CompletableFuture;
import org.slf4j.MDC;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;

@Component
public class AsyncWorker {

  /** What the pool thread sees: its name and the trace id in its MDC. */
  @Async
  public CompletableFuture<String[]> traceSeenOnPool() {
    return CompletableFuture.completedFuture(new String[] {Thread.currentThread().getName(), MDC.get("trace_id")});
  }
}
