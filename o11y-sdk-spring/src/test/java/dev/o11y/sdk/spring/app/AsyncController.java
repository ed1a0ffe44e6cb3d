package dev.o11y.sdk.spring.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.context.request.async.WebAsyncTask;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** Handlers whose response is produced on another thread, after the request thread has returned. */
@RestController
public class AsyncController {

  private static final Logger log = LoggerFactory.getLogger(AsyncController.class);

  private final GatedWork work;
  private final AsyncTaskExecutor executor;
  private final SingleWorker worker;

  /** Boot's application executor: the one {@code @Async} and an injected executor give applications. */
  public AsyncController(GatedWork work, @Qualifier("applicationTaskExecutor") AsyncTaskExecutor executor,
      SingleWorker worker) {
    this.work = work;
    this.executor = executor;
    this.worker = worker;
  }

  @GetMapping("/async/future/{key}")
  public CompletableFuture<String> future(@PathVariable String key) {
    log.info("async request {} accepted", key);
    return CompletableFuture.supplyAsync(() -> work.run(key), executor);
  }

  /** On a one-thread pool wrapped with {@code o11y.wrap}, so a test can ask that thread what it kept. */
  @GetMapping("/async/wrapped/{key}")
  public CompletableFuture<String> wrapped(@PathVariable String key) {
    log.info("async request {} accepted", key);
    return CompletableFuture.supplyAsync(() -> work.run(key), worker.wrapped());
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
    log.info("async request {} accepted", key);
    return () -> work.run(key);
  }

  /** A {@code Callable} with its own timeout, run on Spring MVC's executor like a bare one. */
  @GetMapping("/async/task/{key}")
  public WebAsyncTask<String> task(@PathVariable String key) {
    return new WebAsyncTask<>(() -> work.run(key));
  }

  /** Times out after 100 ms; the work waits for the test, which releases it only after the answer. */
  @GetMapping("/async/task-timeout/{key}")
  public WebAsyncTask<String> taskTimeout(@PathVariable String key) {
    return new WebAsyncTask<>(100L, () -> work.run(key));
  }

  /** Writes the body's first line at once, the work's result once it is done: Spring MVC runs it as a Callable. */
  @GetMapping("/async/stream/{key}")
  public StreamingResponseBody stream(@PathVariable String key) {
    return out -> {
      out.write("started\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      out.write(work.run(key).getBytes(StandardCharsets.UTF_8));
    };
  }

  /**
   * Goes async twice: the {@code Callable}'s result is a future, which the dispatch that receives it
   * turns into a second async cycle; the response is written by a third dispatch.
   */
  @GetMapping("/async/again/{key}")
  public Callable<CompletableFuture<String>> again(@PathVariable String key) {
    return () -> CompletableFuture.supplyAsync(() -> work.run(key), executor);
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
