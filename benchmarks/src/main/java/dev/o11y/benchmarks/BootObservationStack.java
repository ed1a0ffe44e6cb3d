package dev.o11y.benchmarks;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.aop.ObservedAspect;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.handler.TracingAwareMeterObservationHandler;
import io.micrometer.tracing.otel.bridge.EventListener;
import io.micrometer.tracing.otel.bridge.EventPublishingContextWrapper;
import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.micrometer.tracing.otel.bridge.Slf4JBaggageEventListener;
import io.micrometer.tracing.otel.bridge.Slf4JEventListener;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.ContextStorage;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.springframework.aop.aspectj.annotation.AspectJProxyFactory;

/**
 * What a Spring Boot 4.1 application with {@code micrometer-tracing-bridge-otel},
 * {@code micrometer-registry-prometheus} and {@code management.observations.annotations.enabled=true}
 * wires for {@code @Observed}, built without an application context so only the per-call path is
 * measured. It mirrors Boot's auto-configuration: the tracing handlers in one first-matching group,
 * the meter handler wrapped in {@code TracingAwareMeterObservationHandler} (the timer is recorded
 * while the span is current, so exemplars work), Prometheus exemplars read from the Micrometer
 * tracer, the context-storage wrapper that publishes scope events to the SLF4J MDC listeners
 * ({@code traceId}/{@code spanId}), and {@code ObservedAspect} applied through Spring AOP with a
 * class-based proxy. Export is off, as in every benchmark here.
 */
final class BootObservationStack implements AutoCloseable {

  /**
   * The SDK's default buckets, as {@code management.metrics.distribution.slo.price} would give them:
   * Boot's timers have no histogram by default, and the comparison with {@code @Monitored} is only
   * fair if both record the same buckets.
   */
  private static final long[] SLO_MILLIS = {5, 10, 25, 50, 100, 200, 250, 300, 500, 750, 1000, 2500, 5000, 10000};

  private final OpenTelemetrySdk openTelemetry;
  final OtelTracer tracer;
  final PrometheusMeterRegistry meterRegistry;
  final ObservationRegistry observationRegistry;

  BootObservationStack(boolean sampled) {
    openTelemetry = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder()
            .setSampler(sampled ? Sampler.alwaysOn() : Sampler.alwaysOff())
            .addSpanProcessor(new DiscardingSpanProcessor())
            .build())
        .setPropagators(ContextPropagators.create(TextMapPropagator.composite(
            W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())))
        .build();
    // Boot's listeners with its defaults: MDC correlation on, no baggage fields configured
    List<EventListener> listeners = List.of(new Slf4JEventListener(), new Slf4JBaggageEventListener(List.of()));
    OtelTracer.EventPublisher publisher = event -> {
      for (EventListener listener : listeners) {
        listener.onEvent(event);
      }
    };
    ContextStorage.addWrapper(new EventPublishingContextWrapper(publisher));
    OtelCurrentTraceContext currentTraceContext = new OtelCurrentTraceContext();
    Tracer otelTracer = openTelemetry.getTracer("org.springframework.boot", "4.1.1");
    tracer = new OtelTracer(otelTracer, currentTraceContext, publisher,
        new OtelBaggageManager(currentTraceContext, List.of(), List.of()));

    meterRegistry = new PrometheusMeterRegistry(
        PrometheusConfig.DEFAULT, new PrometheusRegistry(), Clock.SYSTEM, new TracerExemplars(tracer));
    meterRegistry.config().meterFilter(sloFor("price"));

    observationRegistry = ObservationRegistry.create();
    Propagator propagator = new OtelPropagator(openTelemetry.getPropagators(), otelTracer);
    observationRegistry.observationConfig()
        .observationHandler(new FirstMatchingCompositeObservationHandler(
            new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
            new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
            new DefaultTracingObservationHandler(tracer)))
        .observationHandler(new TracingAwareMeterObservationHandler<>(
            new DefaultMeterObservationHandler(meterRegistry), tracer));
  }

  /** {@code target} behind a Spring AOP proxy carrying {@code ObservedAspect}, as Boot applies it. */
  ObservedPricing observed(ObservedPricing target) {
    AspectJProxyFactory factory = new AspectJProxyFactory(target);
    factory.setProxyTargetClass(true);
    factory.addAspect(new ObservedAspect(observationRegistry));
    return factory.getProxy();
  }

  private static MeterFilter sloFor(String name) {
    double[] nanos = Arrays.stream(SLO_MILLIS).mapToDouble(ms -> Duration.ofMillis(ms).toNanos()).toArray();
    return new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        if (!id.getName().equals(name)) {
          return config;
        }
        return DistributionStatisticConfig.builder().serviceLevelObjectives(nanos).build().merge(config);
      }
    };
  }

  @Override
  public void close() {
    openTelemetry.close();
    meterRegistry.close();
  }

  /** Boot's {@code LazyTracingSpanContext}: the Prometheus client asks the Micrometer tracer. */
  private record TracerExemplars(OtelTracer tracer) implements io.prometheus.metrics.tracer.common.SpanContext {
    @Override
    public String getCurrentTraceId() {
      Span span = tracer.currentSpan();
      return span == null ? null : span.context().traceId();
    }

    @Override
    public String getCurrentSpanId() {
      Span span = tracer.currentSpan();
      return span == null ? null : span.context().spanId();
    }

    @Override
    public boolean isCurrentSpanSampled() {
      Span span = tracer.currentSpan();
      return span != null && Boolean.TRUE.equals(span.context().sampled());
    }

    @Override
    public void markCurrentSpanAsExemplar() {}
  }
}
