package dev.o11y.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o11y.sdk.fixtures.Shop;
import dev.o11y.sdk.fixtures.Shop.Catalog;
import dev.o11y.sdk.internal.Instrumenter;
import dev.o11y.sdk.internal.Invocation;
import dev.o11y.sdk.internal.SdkInternals;
import dev.o11y.sdk.internal.tracing.KnownSampler;
import dev.o11y.sdk.testing.OtlpReceiver;
import dev.o11y.sdk.testing.ReceivedSpan;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A platform team's sampler drops health checks by {@code url.path}: it can only do that if HTTP
 * (and messaging) spans hand their attributes to the span builder, before the sampling decision.
 */
class SamplerSeesAttributesTest {

  private static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
  private static final AttributeKey<String> FUNCTION = AttributeKey.stringKey("code.function.name");

  /** Drops "/health"; remembers what it was shown per span name. */
  private static class DropHealthChecks implements Sampler {
    final Map<String, Attributes> seen = new ConcurrentHashMap<>();

    @Override
    public SamplingResult shouldSample(Context parent, String traceId, String name, SpanKind kind,
        Attributes attributes, List<LinkData> links) {
      seen.put(name, attributes);
      return "/health".equals(attributes.get(PATH)) ? SamplingResult.drop() : SamplingResult.recordAndSample();
    }

    @Override
    public String getDescription() {
      return "DropHealthChecks";
    }
  }

  @Test
  void serverSpanAttributesReachTheSamplerAndItsDecisionHolds() {
    DropHealthChecks sampler = new DropHealthChecks();
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      try (O11y o11y = O11y.builder().serviceName("shop").otlpEndpoint(receiver.endpoint()).sampler(sampler).build()) {
        serve(o11y, "GET /health", "/health");
        serve(o11y, "GET /products", "/products/7");
        Shop shop = o11y.instrument(Shop.class,
            new Shop.ShopImpl(o11y.instrument(Catalog.Prices.class, new Catalog.PricesImpl())));
        shop.checkout("c1");
      }
      List<ReceivedSpan> spans = receiver.awaitSpans(s -> s.stream().anyMatch(x -> x.name().equals("checkout")),
          Duration.ofSeconds(20));
      assertThat(spans).extracting(ReceivedSpan::name).contains("GET /products").doesNotContain("GET /health");
      assertThat(spans).filteredOn(s -> s.name().equals("GET /products")).singleElement()
          .satisfies(s -> assertThat(s.attributes()).containsEntry("url.path", "/products/7"));
      // internal spans set theirs after the decision (cheaper when unsampled), and still export them
      assertThat(spans).filteredOn(s -> s.name().equals("checkout")).singleElement()
          .satisfies(s -> assertThat(s.attributes()).containsKey("code.function.name"));
    }
    assertThat(sampler.seen.get("GET /health").get(PATH)).isEqualTo("/health");
    assertThat(sampler.seen.get("checkout").get(FUNCTION)).isNull();
  }

  /**
   * OpenTelemetry's own samplers decide on the trace id and the parent alone: under them a request's
   * attributes are built only for a span that records, not for the ~90 % a ratio sampler drops.
   */
  @Test
  void underOpenTelemetrysOwnSamplersAttributesAreBuiltOnlyForSpansThatRecord() {
    AtomicInteger built = new AtomicInteger();
    Instrumenter.SpanAttributes<String> pathOf = path -> {
      built.incrementAndGet();
      return Attributes.of(PATH, path);
    };
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      try (O11y o11y = O11y.builder().serviceName("shop").otlpEndpoint(receiver.endpoint())
          .sampler(Sampler.parentBased(Sampler.traceIdRatioBased(0.0))).build()) {
        SdkInternals.instrumenter(o11y).start("GET /dropped", SpanKind.SERVER, "/dropped", pathOf, Context.root(), null).end(null);
        assertThat(built).as("built for a span nobody records").hasValue(0);
      }
      try (O11y o11y = O11y.builder().serviceName("shop").otlpEndpoint(receiver.endpoint())
          .sampler(Sampler.parentBased(Sampler.alwaysOn())).build()) {
        SdkInternals.instrumenter(o11y).start("GET /kept", SpanKind.SERVER, "/kept", pathOf, Context.root(), null).end(null);
        assertThat(built).hasValue(1);
      }
      DropHealthChecks custom = new DropHealthChecks();
      try (O11y o11y = O11y.builder().serviceName("shop").otlpEndpoint(receiver.endpoint()).sampler(custom).build()) {
        SdkInternals.instrumenter(o11y).start("GET /health", SpanKind.SERVER, "/health", pathOf, Context.root(), null).end(null);
      }
      assertThat(custom.seen.get("GET /health").get(PATH)).as("a sampler we cannot vouch for sees them first")
          .isEqualTo("/health");
      assertThat(receiver.awaitSpans(s -> s.stream().anyMatch(x -> x.name().equals("GET /kept")), Duration.ofSeconds(20)))
          .extracting(ReceivedSpan::name).containsOnly("GET /kept");
      assertThat(receiver.spans()).singleElement()
          .satisfies(s -> assertThat(s.attributes()).containsEntry("url.path", "/kept"));
    }
  }

  @Test
  void onlyOpenTelemetrysOwnSamplersAreKnownNotToReadAttributes() {
    assertThat(KnownSampler.of(Sampler.alwaysOn()).readsAttributes()).isFalse();
    assertThat(KnownSampler.of(Sampler.alwaysOff()).readsAttributes()).isFalse();
    assertThat(KnownSampler.of(Sampler.traceIdRatioBased(0.1)).readsAttributes()).isFalse();
    assertThat(KnownSampler.of(Sampler.parentBased(Sampler.traceIdRatioBased(0.25))).readsAttributes()).isFalse();
    assertThat(KnownSampler.of(new DropHealthChecks()).readsAttributes()).isTrue();
    assertThat(KnownSampler.of(Sampler.parentBased(new DropHealthChecks())).readsAttributes()).isTrue();
    assertThat(KnownSampler.of(Sampler.parentBasedBuilder(Sampler.alwaysOn())
        .setRemoteParentNotSampled(new DropHealthChecks()).build()).readsAttributes()).isTrue();
    assertThat(KnownSampler.of(null).readsAttributes()).isTrue();
    // borrows its delegate's description to be treated like it for unsampled parents, and may add
    // rules on attributes of its own: only OpenTelemetry's classes are trusted not to read them
    Sampler delegate = Sampler.parentBased(Sampler.alwaysOn());
    Sampler borrowsDescription = new DropHealthChecks() {
      @Override
      public String getDescription() {
        return delegate.getDescription();
      }
    };
    assertThat(KnownSampler.of(borrowsDescription).readsAttributes()).isTrue();
  }

  /** Attributes built after the span started: if building them fails, the span still runs and ends. */
  @Test
  void attributesThatFailToBuildLeaveTheSpanCurrentAndEnded() {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      try (O11y o11y = O11y.builder().serviceName("shop").otlpEndpoint(receiver.endpoint())
          .sampler(Sampler.alwaysOn()).build()) {
        Invocation invocation = SdkInternals.instrumenter(o11y).start("GET /broken", SpanKind.SERVER, "/broken",
            path -> {
              throw new IllegalStateException("no path");
            }, Context.root(), null);
        assertThat(Span.current().getSpanContext().isValid()).as("the request still runs in its span").isTrue();
        invocation.end(null);
      }
      assertThat(receiver.awaitSpans(s -> s.stream().anyMatch(x -> x.name().equals("GET /broken")),
          Duration.ofSeconds(20))).extracting(ReceivedSpan::name).contains("GET /broken");
    }
  }

  private static void serve(O11y o11y, String name, String path) {
    Invocation invocation = SdkInternals.instrumenter(o11y).start(name, SpanKind.SERVER, Attributes.of(PATH, path),
        Context.root(), null);
    invocation.end(null);
  }
}
