package dev.o11y.benchmarks;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.slf4j.MDC;

/**
 * The best a careful engineer writes by hand for the same signals: a Micrometer timer with the same
 * buckets and exemplars, an OTel span made current, trace ids in the MDC. This class never loads
 * {@code dev.o11y.sdk.O11y}, so the SDK's context-storage wrapper is not installed in its fork and
 * the baseline does not pay for MDC twice (checked in setUp).
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
public class HandWrittenCall {

  private static final Duration[] BUCKETS = {
    Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
    Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(250), Duration.ofMillis(300),
    Duration.ofMillis(500), Duration.ofMillis(750), Duration.ofSeconds(1), Duration.ofMillis(2500),
    Duration.ofSeconds(5), Duration.ofSeconds(10)
  };

  private final Pricing pricing = new Pricing.Impl();
  private SdkTracerProvider tracerProvider;
  private Tracer tracer;
  private Timer timer;
  private long base = 41;

  @Setup(Level.Trial)
  public void setUp() {
    if (isLoaded("dev.o11y.sdk.O11y")) {
      throw new IllegalStateException("O11y is loaded in the hand-written fork: the baseline would pay for its MDC wrapper");
    }
    tracerProvider = SdkTracerProvider.builder()
        .setSampler(Sampler.alwaysOn())
        .addSpanProcessor(new DiscardingProcessor())
        .build();
    tracer = tracerProvider.get("hand-written");
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(
        PrometheusConfig.DEFAULT, new PrometheusRegistry(), Clock.SYSTEM, new CurrentSpanExemplars());
    timer = Timer.builder("price.duration").tag("operation", "price").tag("result", "ok")
        .serviceLevelObjectives(BUCKETS).register(registry);
  }

  @Benchmark
  public long handWritten() {
    long start = System.nanoTime();
    Span span = tracer.spanBuilder("price").startSpan();
    try (Scope ignored = span.makeCurrent()) {
      SpanContext context = span.getSpanContext();
      MDC.put("trace_id", context.getTraceId());
      MDC.put("span_id", context.getSpanId());
      try {
        return pricing.price(base++);
      } finally {
        timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        MDC.remove("trace_id");
        MDC.remove("span_id");
      }
    } finally {
      span.end();
    }
  }

  @TearDown(Level.Trial)
  public void checkItRecorded() {
    if (timer.count() == 0) {
      throw new IllegalStateException("hand-written path recorded nothing");
    }
    tracerProvider.close();
  }

  private static boolean isLoaded(String className) {
    try {
      java.lang.reflect.Method findLoaded = ClassLoader.class.getDeclaredMethod("findLoadedClass", String.class);
      findLoaded.setAccessible(true);
      return findLoaded.invoke(HandWrittenCall.class.getClassLoader(), className) != null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false; // cannot tell on this JVM; the fork separation still holds
    }
  }

  /** Without any processor the OTel SDK hands out no-op spans, which would flatter the baseline. */
  private static final class DiscardingProcessor implements SpanProcessor {
    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
      return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {}

    @Override
    public boolean isEndRequired() {
      return false;
    }
  }

  private static final class CurrentSpanExemplars implements io.prometheus.metrics.tracer.common.SpanContext {
    @Override
    public String getCurrentTraceId() {
      SpanContext c = Span.current().getSpanContext();
      return c.isValid() ? c.getTraceId() : null;
    }

    @Override
    public String getCurrentSpanId() {
      SpanContext c = Span.current().getSpanContext();
      return c.isValid() ? c.getSpanId() : null;
    }

    @Override
    public boolean isCurrentSpanSampled() {
      return Span.current().getSpanContext().isSampled();
    }

    @Override
    public void markCurrentSpanAsExemplar() {}
  }
}
