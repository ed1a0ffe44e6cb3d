package dev.o11y.sdk.spring.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Probes the collector at most once per {@link #FRESH_FOR}, however many callers ask: {@code
 * /actuator/o11y} is on the application's port for anyone to call, and one probe of a collector
 * that never answers holds its caller for the probe's timeouts. Only the caller that starts a probe
 * waits for it; callers meanwhile get the previous answer, or, before the first answer, share the
 * one probe under way.
 */
final class SharedProbe {

  static final Duration FRESH_FOR = Duration.ofSeconds(10);

  private final Supplier<OtlpProbe.Result> probe;
  private OtlpProbe.Result last; // guarded by this, as are the two below
  private long lastAtNanos;
  private CompletableFuture<OtlpProbe.Result> running;

  SharedProbe(Supplier<OtlpProbe.Result> probe) {
    this.probe = probe;
  }

  OtlpProbe.Result get() {
    CompletableFuture<OtlpProbe.Result> answer;
    boolean ours = false;
    synchronized (this) {
      if (last != null && (running != null || System.nanoTime() - lastAtNanos < FRESH_FOR.toNanos())) {
        return last;
      }
      if (running == null) {
        running = new CompletableFuture<>();
        ours = true;
      }
      answer = running;
    }
    if (ours) {
      OtlpProbe.Result result = new OtlpProbe.Result(false, "probe failed");
      try {
        result = probe.get();
      } finally {
        // completed whatever happened: callers sharing this probe must never wait for ever
        synchronized (this) {
          last = result;
          lastAtNanos = System.nanoTime();
          running = null;
        }
        answer.complete(result);
      }
    }
    return answer.join();
  }
}
