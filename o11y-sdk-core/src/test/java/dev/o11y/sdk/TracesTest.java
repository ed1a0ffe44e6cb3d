package dev.o11y.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o11y.sdk.fixtures.Shop;
import dev.o11y.sdk.fixtures.Shop.Catalog;
import dev.o11y.sdk.testing.OtlpReceiver;
import dev.o11y.sdk.testing.ReceivedSpan;
import io.opentelemetry.api.trace.Span;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class TracesTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private OtlpReceiver receiver;
  private O11y o11y;
  private Shop shop;

  @BeforeEach
  void start() {
    receiver = OtlpReceiver.start();
    o11y = O11y.builder()
        .serviceName("shop")
        .serviceVersion("1.2.3")
        .environment("test")
        .otlpEndpoint(receiver.endpoint())
        .build();
    Catalog.Prices prices = o11y.instrument(Catalog.Prices.class, new Catalog.PricesImpl());
    shop = o11y.instrument(Shop.class, new Shop.ShopImpl(prices));
  }

  @AfterEach
  void stop() {
    o11y.close();
    receiver.close();
  }

  @Test
  void nestedCallsExportParentAndChildSpansOverOtlp() {
    shop.checkout("c1");
    o11y.close(); // flushes

    List<ReceivedSpan> spans = receiver.awaitSpanCount(2, WAIT);
    ReceivedSpan checkout = byName(spans, "checkout");
    ReceivedSpan price = byName(spans, "PricesImpl.price");
    assertThat(checkout.isRoot()).isTrue();
    assertThat(price.parentSpanId()).isEqualTo(checkout.spanId());
    assertThat(price.traceId()).isEqualTo(checkout.traceId()).matches("[0-9a-f]{32}");
    assertThat(checkout.statusCode()).isNotEqualTo("ERROR");
    assertThat(checkout.attributes()).containsEntry(
        "code.function.name", Shop.ShopImpl.class.getName() + ".checkout");
    assertThat(checkout.resource())
        .containsEntry("service.name", "shop")
        .containsEntry("service.version", "1.2.3")
        .containsEntry("deployment.environment.name", "test");
  }

  @Test
  void exceptionMarksSpanErrorWithEventAndIsRethrownUnchanged() {
    assertThatThrownBy(() -> shop.checkout("gone-1"))
        .isExactlyInstanceOf(Shop.OutOfStockException.class)
        .hasMessage("sku gone-gone-1 is out of stock");
    o11y.close();

    List<ReceivedSpan> spans = receiver.awaitSpanCount(2, WAIT);
    for (String name : List.of("checkout", "PricesImpl.price")) {
      ReceivedSpan span = byName(spans, name);
      assertThat(span.statusCode()).as(name).isEqualTo("ERROR");
      assertThat(span.events()).as(name).anySatisfy(event -> {
        assertThat(event.name()).isEqualTo("exception");
        assertThat(event.attributes()).containsEntry(
            "exception.type", Shop.OutOfStockException.class.getCanonicalName());
      });
    }
  }

  @Test
  void completionStageEndsTheSpanWhenItCompletesNotWhenTheMethodReturns() throws Exception {
    CompletableFuture<String> done = new CompletableFuture<>();
    var stage = shop.ship(done);
    assertThat(stage).isSameAs(done);
    assertThat(Span.current().getSpanContext().isValid()).as("caller's context restored").isFalse();

    long beforeCompletion = System.currentTimeMillis() * 1_000_000L;
    Thread completer = new Thread(() -> done.complete("shipped"));
    completer.start();
    completer.join();
    o11y.close();

    ReceivedSpan ship = receiver.awaitSpan("ShopImpl.ship", WAIT);
    assertThat(ship.endEpochNanos()).isGreaterThanOrEqualTo(beforeCompletion);
    assertThat(o11y.scrape()).contains("operation=\"ShopImpl.ship\",result=\"ok\"");
  }

  @Test
  void failedCompletionStageIsRecordedAsErrorWithTheCauseType() {
    CompletableFuture<String> done = new CompletableFuture<>();
    shop.ship(done);
    done.completeExceptionally(new Shop.OutOfStockException("late"));
    o11y.close();

    ReceivedSpan ship = receiver.awaitSpan("ShopImpl.ship", WAIT);
    assertThat(ship.statusCode()).isEqualTo("ERROR");
    assertThat(o11y.scrape()).contains("error_type=\"OutOfStockException\",operation=\"ShopImpl.ship\"");
  }

  @Test
  void wrappedExecutorCarriesTheTraceAndMdcToAnotherThread() throws Exception {
    ExecutorService pool = o11y.wrap(Executors.newFixedThreadPool(2));
    try {
      String[] seen = o11y.observe("fan-out", () -> {
        String traceId = Span.current().getSpanContext().getTraceId();
        String[] inTask = pool.submit(() -> new String[] {
            Span.current().getSpanContext().getTraceId(), MDC.get("trace_id"), MDC.get("operation")
        }).get();
        return new String[] {traceId, inTask[0], inTask[1], inTask[2]};
      });
      assertThat(seen[1]).isEqualTo(seen[0]);
      assertThat(seen[2]).isEqualTo(seen[0]);
      assertThat(seen[3]).isEqualTo("fan-out");
      // the pool thread is clean again after the task
      assertThat(pool.submit(() -> MDC.get("trace_id")).get()).isNull();
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void virtualThreadExecutorsKeepTheContextWhereTheJvmHasThem() throws Exception {
    ExecutorService virtual;
    try {
      virtual = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    } catch (NoSuchMethodException java17) {
      // Java 17 has no virtual threads; the platform-thread test above covers the mechanism
      org.junit.jupiter.api.Assumptions.abort("virtual threads need Java 21+");
      return;
    }
    ExecutorService pool = o11y.wrap(virtual);
    String[] ids = o11y.observe("virtual", () -> new String[] {
        MDC.get("trace_id"), pool.submit(() -> MDC.get("trace_id")).get()});
    pool.shutdown();
    assertThat(ids[1]).isNotNull().isEqualTo(ids[0]);
  }

  @Test
  void mdcIsRestoredAfterNestedCalls() {
    MDC.put("trace_id", "outer-value-set-by-app");
    try {
      o11y.observe("outer", () -> {
        String outer = MDC.get("span_id");
        o11y.observe("inner", () -> assertThat(MDC.get("span_id")).isNotEqualTo(outer));
        assertThat(MDC.get("span_id")).isEqualTo(outer);
        assertThat(MDC.get("operation")).isEqualTo("outer");
      });
      assertThat(MDC.get("trace_id")).isEqualTo("outer-value-set-by-app");
      assertThat(MDC.get("span_id")).isNull();
      assertThat(MDC.get("operation")).isNull();
    } finally {
      MDC.clear();
    }
  }

  @Test
  void incomingW3cTraceparentIsContinued() {
    var propagator = o11y.openTelemetry().getPropagators().getTextMapPropagator();
    var carrier = java.util.Map.of(
        "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    var parent = propagator.extract(io.opentelemetry.context.Context.root(), carrier, new MapGetter());
    try (var ignored = parent.makeCurrent()) {
      shop.price("rod-1");
    }
    o11y.close();
    ReceivedSpan price = receiver.awaitSpan("ShopImpl.price", WAIT);
    assertThat(price.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(price.parentSpanId()).isEqualTo("00f067aa0ba902b7");
  }

  private static ReceivedSpan byName(List<ReceivedSpan> spans, String name) {
    return spans.stream().filter(s -> s.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no span " + name + " in " + spans.stream().map(ReceivedSpan::name).toList()));
  }

  private static final class MapGetter implements io.opentelemetry.context.propagation.TextMapGetter<java.util.Map<String, String>> {
    @Override
    public Iterable<String> keys(java.util.Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(java.util.Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  }
}
