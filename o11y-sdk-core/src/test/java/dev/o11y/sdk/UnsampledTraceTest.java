package dev.o11y.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o11y.sdk.fixtures.Shop;
import dev.o11y.sdk.fixtures.Shop.Catalog;
import dev.o11y.sdk.internal.tracing.KnownSampler;
import dev.o11y.sdk.testing.OtlpReceiver;
import dev.o11y.sdk.testing.PrometheusScrape;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * Calls inside a trace the upstream did not sample: with OpenTelemetry's parent-based sampler no
 * span of ours could ever be recorded there, so none is created — but metrics, MDC and propagation
 * must look exactly as users expect.
 */
class UnsampledTraceTest {

  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PARENT = "00f067aa0ba902b7";

  private OtlpReceiver receiver;
  private O11y o11y;

  @AfterEach
  void stop() {
    if (o11y != null) {
      o11y.close();
    }
    if (receiver != null) {
      receiver.close();
    }
    MDC.clear();
  }

  private Shop shopWith(Sampler sampler) {
    receiver = OtlpReceiver.start();
    O11y.Builder builder = O11y.builder().serviceName("shop").environment("test").otlpEndpoint(receiver.endpoint());
    if (sampler != null) {
      builder.sampler(sampler);
    }
    o11y = builder.build();
    Catalog.Prices prices = o11y.instrument(Catalog.Prices.class, new Catalog.PricesImpl());
    return o11y.instrument(Shop.class, new Shop.ShopImpl(prices));
  }

  private static Scope unsampledRemoteParent() {
    SpanContext parent = SpanContext.createFromRemoteParent(TRACE, PARENT, TraceFlags.getDefault(), TraceState.getDefault());
    return Context.root().with(Span.wrap(parent)).makeCurrent();
  }

  @Test
  void nestedCallsInAnUnsampledTraceKeepMetricsMdcAndTheCallersIds() {
    Shop shop = shopWith(null); // the default: parent-based, always on for roots
    String[] seen = new String[4];
    try (Scope ignored = unsampledRemoteParent()) {
      seen[0] = o11y.observe("handle", () -> {
        String handleSpan = MDC.get("span_id");
        o11y.observe("inner", () -> {
          seen[1] = MDC.get("trace_id");
          seen[2] = MDC.get("span_id");
          seen[3] = MDC.get("operation");
          assertThat(MDC.get("trace_flags")).isEqualTo("00");
          assertThat(Span.current().getSpanContext().getTraceId()).isEqualTo(TRACE);
        });
        assertThat(MDC.get("operation")).isEqualTo("handle");
        assertThat(MDC.get("span_id")).isEqualTo(handleSpan);
        shop.checkout("c1");
        return handleSpan;
      });
      assertThatThrownBy(() -> shop.checkout("gone-1")).isInstanceOf(Shop.OutOfStockException.class);
    }
    assertThat(seen[1]).isEqualTo(TRACE);
    assertThat(seen[2]).isEqualTo(seen[0]).matches("[0-9a-f]{16}"); // the enclosing span's id
    assertThat(seen[3]).isEqualTo("inner");
    assertThat(MDC.get("trace_id")).isNull();
    assertThat(MDC.get("operation")).isNull();

    PrometheusScrape scrape = PrometheusScrape.parse(o11y.scrape());
    assertThat(scrape.value("o11y_operation_duration_seconds_count",
        java.util.Map.of("operation", "inner", "result", "ok", "error_type", "none"))).isEqualTo(1.0);
    assertThat(scrape.value("o11y_operation_duration_seconds_count",
        java.util.Map.of("operation", "checkout", "result", "ok", "error_type", "none"))).isEqualTo(1.0);
    assertThat(scrape.value("o11y_operation_duration_seconds_count",
        java.util.Map.of("operation", "checkout", "result", "error", "error_type", "OutOfStockException"))).isEqualTo(1.0);
    assertThat(scrape.value("o11y_operation_active", java.util.Map.of("operation", "checkout"))).isEqualTo(0.0);
    assertThat(o11y.scrape()).doesNotContain(TRACE); // no exemplar from an unsampled trace

    o11y.close();
    assertThat(receiver.spans()).isEmpty();
  }

  @Test
  void asyncResultsInAnUnsampledTraceEndWhenTheyComplete() {
    Shop shop = shopWith(null);
    CompletableFuture<String> done = new CompletableFuture<>();
    try (Scope ignored = unsampledRemoteParent()) {
      shop.ship(done);
      assertThat(MDC.get("operation")).isNull();
    }
    PrometheusScrape before = PrometheusScrape.parse(o11y.scrape());
    assertThat(before.value("o11y_operation_active", java.util.Map.of("operation", "ShopImpl.ship"))).isEqualTo(1.0);
    done.complete("shipped");
    PrometheusScrape after = PrometheusScrape.parse(o11y.scrape());
    assertThat(after.value("o11y_operation_active", java.util.Map.of("operation", "ShopImpl.ship"))).isEqualTo(0.0);
    assertThat(after.value("o11y_operation_duration_seconds_count",
        java.util.Map.of("operation", "ShopImpl.ship", "result", "ok", "error_type", "none"))).isEqualTo(1.0);
  }

  @Test
  void aSamplerThatMaySampleUnderUnsampledParentsStillGetsEverySpan() {
    Sampler custom = Sampler.parentBasedBuilder(Sampler.alwaysOn())
        .setRemoteParentNotSampled(Sampler.alwaysOn())
        .setLocalParentNotSampled(Sampler.alwaysOn())
        .build();
    Shop shop = shopWith(custom);
    try (Scope ignored = unsampledRemoteParent()) {
      shop.checkout("c1");
    }
    o11y.close();
    assertThat(receiver.awaitSpan("checkout", Duration.ofSeconds(20)).traceId()).isEqualTo(TRACE);
  }

  @Test
  void onlyOpenTelemetrysKnownSamplersAreTrustedToDrop() {
    SpanContext local = SpanContext.create(TRACE, PARENT, TraceFlags.getDefault(), TraceState.getDefault());
    SpanContext remote = SpanContext.createFromRemoteParent(TRACE, PARENT, TraceFlags.getDefault(), TraceState.getDefault());
    SpanContext sampled = SpanContext.create(TRACE, PARENT, TraceFlags.getSampled(), TraceState.getDefault());

    KnownSampler parentBased = KnownSampler.of(Sampler.parentBased(Sampler.traceIdRatioBased(0.1)));
    assertThat(parentBased.drops(local)).isTrue();
    assertThat(parentBased.drops(remote)).isTrue();
    assertThat(parentBased.drops(sampled)).isFalse();
    assertThat(parentBased.drops(SpanContext.getInvalid())).isFalse();

    assertThat(KnownSampler.of(Sampler.alwaysOff()).drops(local)).isTrue();
    assertThat(KnownSampler.of(Sampler.traceIdRatioBased(0.1)).drops(local)).isFalse();
    assertThat(KnownSampler.of(Sampler.alwaysOn()).drops(local)).isFalse();
    KnownSampler remoteOnly = KnownSampler.of(
        Sampler.parentBasedBuilder(Sampler.alwaysOn()).setLocalParentNotSampled(Sampler.alwaysOn()).build());
    assertThat(remoteOnly.drops(local)).isFalse();
    assertThat(remoteOnly.drops(remote)).isTrue();
  }

  /** Only a ParentBased's own entries count: a nested one's "localParentNotSampled:AlwaysOffSampler" is not the outer's. */
  @Test
  void aNestedParentBasedIsReadAsItsOwnSampler() {
    SpanContext local = SpanContext.create(TRACE, PARENT, TraceFlags.getDefault(), TraceState.getDefault());
    SpanContext remote = SpanContext.createFromRemoteParent(TRACE, PARENT, TraceFlags.getDefault(), TraceState.getDefault());

    KnownSampler keepsLocalChildren = KnownSampler.of(Sampler.parentBasedBuilder(
            Sampler.parentBased(Sampler.traceIdRatioBased(0.1)))
        .setLocalParentNotSampled(Sampler.alwaysOn())
        .build());
    assertThat(keepsLocalChildren.drops(local)).isFalse();
    assertThat(keepsLocalChildren.drops(remote)).isTrue();

    // the nested one asks the same unsampled parent again, and its default for it is to drop
    KnownSampler delegatesTheDecision = KnownSampler.of(Sampler.parentBasedBuilder(Sampler.alwaysOn())
        .setLocalParentNotSampled(Sampler.parentBased(Sampler.alwaysOn()))
        .setRemoteParentNotSampled(Sampler.parentBasedBuilder(Sampler.alwaysOn())
            .setRemoteParentNotSampled(Sampler.traceIdRatioBased(0.5)).build())
        .build());
    assertThat(delegatesTheDecision.drops(local)).isTrue();
    assertThat(delegatesTheDecision.drops(remote)).isFalse();
  }
}
