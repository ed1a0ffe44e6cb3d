package dev.o11y.benchmarks;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.common.AttributeKey;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.ContextStorage;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.slf4j.MDC;

/**
 * What a careful engineer writes by hand for the signals {@code @Monitored} gives: a Micrometer timer
 * with the SDK's buckets and exemplars, an OTel span made current, trace ids in the MDC. Nothing here
 * references {@code dev.o11y.sdk}, and {@link #setUp} fails the fork if the SDK's context-storage
 * wrapper is in effect (it would make this baseline pay for the MDC twice).
 */
@State(Scope.Thread)
public class HandWritten {

  private static final AttributeKey<String> CODE_FUNCTION = AttributeKey.stringKey("code.function.name");

  /** The SDK's default histogram buckets, 5 ms .. 10 s. */
  private static final Duration[] BUCKETS = {
    Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
    Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(250), Duration.ofMillis(300),
    Duration.ofMillis(500), Duration.ofMillis(750), Duration.ofSeconds(1), Duration.ofMillis(2500),
    Duration.ofSeconds(5), Duration.ofSeconds(10)
  };

  @Param({Pricing.TRIVIAL, Pricing.TEN_MICROS})
  String work;

  private Pricing pricing;
  private OpenTelemetrySdk openTelemetry;
  private PrometheusMeterRegistry registry;
  private Tracer tracer;
  private Timer timer;
  private final AtomicInteger active = new AtomicInteger();
  long next = 41;

  @Setup(Level.Trial)
  public void setUp() {
    pricing = Pricing.of(work);
    // the wrapper O11y registers would show up as the storage's class; this also freezes the storage
    String storage = ContextStorage.get().getClass().getName();
    if (storage.startsWith("dev.o11y.")) {
      throw new IllegalStateException("o11y's context storage (" + storage + ") is active in the hand-written fork");
    }
    openTelemetry = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder()
            .setSampler(Sampler.alwaysOn())
            .addSpanProcessor(new DiscardingSpanProcessor())
            .build())
        .build();
    tracer = openTelemetry.getTracer("hand-written");
    registry = new PrometheusMeterRegistry(
        PrometheusConfig.DEFAULT, new PrometheusRegistry(), Clock.SYSTEM, new CurrentSpanExemplars());
    timer = Timer.builder("price.duration")
        .tag("operation", "price")
        .tag("result", "ok")
        .tag("error_type", "none")
        .serviceLevelObjectives(BUCKETS)
        .register(registry);
    Gauge.builder("price.active", active, AtomicInteger::get).tag("operation", "price").register(registry);

    Span span = tracer.spanBuilder("check").startSpan();
    try (io.opentelemetry.context.Scope ignored = span.makeCurrent()) {
      if (!span.getSpanContext().isSampled()) {
        throw new IllegalStateException("the hand-written tracer hands out no-op spans");
      }
      if (MDC.get("trace_id") != null) {
        throw new IllegalStateException("something else puts trace_id into the MDC on attach");
      }
    } finally {
      span.end();
    }
  }

  /**
   * The instrumented call, written by hand to give the same signals as {@code @Monitored}: span
   * {@code price} with {@code code.function.name}, the duration timer with exemplars, the active
   * gauge, and the four MDC fields, set on entry and removed on exit (a root call, as benchmarked;
   * the error timer and nested-call restore are left out, which only flatters this baseline).
   */
  long price(long basePrice) {
    active.incrementAndGet();
    long start = System.nanoTime();
    Span span = tracer.spanBuilder("price").startSpan();
    if (span.isRecording()) {
      span.setAttribute(CODE_FUNCTION, "dev.o11y.benchmarks.Pricing.price");
    }
    try (io.opentelemetry.context.Scope ignored = span.makeCurrent()) {
      SpanContext context = span.getSpanContext();
      MDC.put("trace_id", context.getTraceId());
      MDC.put("span_id", context.getSpanId());
      MDC.put("trace_flags", context.getTraceFlags().asHex());
      MDC.put("operation", "price");
      try {
        return pricing.price(basePrice);
      } finally {
        timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS); // span still current: exemplar
        active.decrementAndGet();
        MDC.remove("trace_id");
        MDC.remove("span_id");
        MDC.remove("trace_flags");
        MDC.remove("operation");
      }
    } finally {
      span.end();
    }
  }

  /** Fails the run if the measured path did not really record: a no-op must not pass as fast. */
  @TearDown(Level.Trial)
  public void checkRecordedAndClose() {
    try {
      if (timer.count() == 0) {
        throw new IllegalStateException("the hand-written timer recorded no calls");
      }
      if (!registry.scrape("application/openmetrics-text").contains("trace_id=")) {
        throw new IllegalStateException("the hand-written histogram has no exemplar");
      }
    } finally {
      openTelemetry.close();
      registry.close();
    }
  }

  /** Lets the Prometheus client attach the current span as exemplar, as the SDK does. */
  private static final class CurrentSpanExemplars implements io.prometheus.metrics.tracer.common.SpanContext {
    @Override
    public String getCurrentTraceId() {
      SpanContext context = Span.current().getSpanContext();
      return context.isValid() ? context.getTraceId() : null;
    }

    @Override
    public String getCurrentSpanId() {
      SpanContext context = Span.current().getSpanContext();
      return context.isValid() ? context.getSpanId() : null;
    }

    @Override
    public boolean isCurrentSpanSampled() {
      return Span.current().getSpanContext().isSampled();
    }

    @Override
    public void markCurrentSpanAsExemplar() {}
  }
}
