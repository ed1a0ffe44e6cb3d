package dev.o11y.sdk.spring.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Handlers whose response is produced on another thread, after the request thread has returned. */
@RestController
public class AsyncController {

  private final GatedWork work;
  private final AsyncTaskExecutor executor;

  /** Boot's application executor: the one {@code @Async} and an injected executor give applications. */
  public AsyncController(GatedWork work, @Qualifier("applicationTaskExecutor") AsyncTaskExecutor executor) {
    this.work = work;
    this.executor = executor;
  }

  @GetMapping("/async/future/{key}")
  public CompletableFuture<String> future(@PathVariable String key) {
    return CompletableFuture.supplyAsync(() -> work.run(key), executor);
  }

  @GetMapping("/async/deferred/{key}")
  public DeferredResult<String> deferred(@PathVariable String key) {
    DeferredResult<String> result = new DeferredResult<>();
    executor.execute(() -> result.setResult(work.run(key)));
    return result;
  }

  /** Spring MVC runs the callable on its own task executor. */
  @GetMapping("/async/callable/{key}")
  public Callable<String> callable(@PathVariable String key) {
    return () -> work.run(key);
  }

  /** Server-sent events: one as the request starts, one with the work's result, then the end. */
  @GetMapping("/async/events/{key}")
  public SseEmitter events(@PathVariable String key) {
    SseEmitter emitter = new SseEmitter();
    executor.execute(() -> {
      try {
        emitter.send("started");
        emitter.send(work.run(key));
        emitter.complete();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    return emitter;
  }

  /** Never answered: Spring MVC times it out after 100 ms. */
  @GetMapping("/async/timeout")
  public DeferredResult<String> timeout() {
    return new DeferredResult<>(100L);
  }
}
