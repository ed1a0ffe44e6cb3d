package dev.o11y.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o11y.sdk.testing.PrometheusScrape;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** Nothing leaks between calls: no stale span or MDC on pool threads, no state from hostile headers. */
class ContextHygieneTest {

  @Test
  void afterOneHundredThousandCallsAcrossPoolsNoThreadCarriesAStaleSpanOrMdc() throws Exception {
    try (O11y o11y = O11y.builder().serviceName("shop").otlpEndpoint("none").build()) {
      ExecutorService outer = o11y.wrap(Executors.newFixedThreadPool(3));
      ExecutorService inner = o11y.wrap(Executors.newFixedThreadPool(3));
      AtomicInteger mismatches = new AtomicInteger();
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < 50_000; i++) {
        futures.add(outer.submit(() -> o11y.observe("outer", () -> {
          String trace = MDC.get("trace_id");
          inner.submit(() -> o11y.observe("inner", () -> {
            if (!trace.equals(MDC.get("trace_id"))) {
              mismatches.incrementAndGet();
            }
          }));
        })));
      }
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
      outer.shutdown();
      inner.shutdown();
      assertThat(inner.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
      assertThat(mismatches).hasValue(0);
      assertThat(PrometheusScrape.parse(o11y.scrape()).value("o11y_operation_duration_seconds_count",
          Map.of("operation", "inner"))).isEqualTo(50_000);
      assertThat(PrometheusScrape.parse(o11y.scrape()).value("o11y_operation_active", Map.of("operation", "outer")))
          .isZero();
    }
  }

  @Test
  void poolThreadsAreCleanAfterWrappedTasks() throws Exception {
    try (O11y o11y = O11y.builder().serviceName("shop").otlpEndpoint("none").build()) {
      ExecutorService raw = Executors.newFixedThreadPool(2);
      ExecutorService pool = o11y.wrap(raw);
      for (int i = 0; i < 10_000; i++) {
        o11y.observe("submitter", () -> pool.submit(() -> { }).get());
      }
      // ask every pool thread, through the raw executor, what it still carries
      CountDownLatch bothBusy = new CountDownLatch(2);
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        answers.add(raw.submit(() -> {
          bothBusy.countDown();
          bothBusy.await(10, TimeUnit.SECONDS); // so the two checks run on the two different threads
          return MDC.get("trace_id") + "/" + MDC.get("span_id") + "/" + Span.current().getSpanContext().isValid();
        }));
      }
      for (Future<String> answer : answers) {
        assertThat(answer.get(20, TimeUnit.SECONDS)).isEqualTo("null/null/false");
      }
      raw.shutdownNow();
    }
  }

  @Test
  void oneHundredThousandFuzzedTraceHeadersNeverThrowAndNeverLeakIntoTheNextCall() {
    try (O11y o11y = O11y.builder().serviceName("shop").otlpEndpoint("none").build()) {
      var propagator = o11y.openTelemetry().getPropagators().getTextMapPropagator();
      Random random = new Random(7);
      Set<String> traces = new HashSet<>();
      for (int i = 0; i < 100_000; i++) {
        Map<String, String> headers = Map.of(
            "traceparent", fuzz(random, i), "tracestate", fuzz(random, i + 1), "baggage", fuzz(random, i + 2));
        Context extracted = propagator.extract(Context.root(), headers, MapGetter.INSTANCE);
        try (var scope = extracted.makeCurrent()) {
          traces.add(o11y.observe("fuzzed", () -> MDC.get("trace_id")));
        }
        assertThat(MDC.get("trace_id")).isNull();
        assertThat(Span.current().getSpanContext().isValid()).isFalse();
      }
      // garbage never yields one shared trace: each call got a well-formed id of its own
      assertThat(traces).allSatisfy(t -> assertThat(t).matches("[0-9a-f]{32}"));
      assertThat(traces.size()).isGreaterThan(99_000);
    }
  }

  private static String fuzz(Random random, int i) {
    return switch (i % 8) {
      case 0 -> "00-" + hex(random, 32) + "-" + hex(random, 16) + "-0" + random.nextInt(10);
      case 1 -> "ff-" + hex(random, 32) + "-" + hex(random, 16) + "-01";
      case 2 -> "x".repeat(random.nextInt(100_000));
      case 3 -> "00-ЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖ-" + hex(random, 16) + "-01\u0000\n\r";
      case 4 -> new String(randomChars(random, 55));
      case 5 -> "";
      case 6 -> "00-" + "0".repeat(32) + "-" + "0".repeat(16) + "-01";
      default -> "00-" + hex(random, 31) + "-" + hex(random, 17) + "-01,,;;==\u001b[31m";
    };
  }

  private static String hex(Random random, int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(Character.forDigit(random.nextInt(16), 16));
    }
    return sb.toString();
  }

  private static char[] randomChars(Random random, int length) {
    char[] chars = new char[length];
    for (int i = 0; i < length; i++) {
      chars[i] = (char) random.nextInt(0xFFFF);
    }
    return chars;
  }

  private enum MapGetter implements TextMapGetter<Map<String, String>> {
    INSTANCE;

    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  }
}
