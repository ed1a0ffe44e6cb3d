package dev.o11y.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.o11y.sdk.fixtures.Shop;
import dev.o11y.sdk.fixtures.Shop.Catalog;
import dev.o11y.sdk.testing.OtlpReceiver;
import dev.o11y.sdk.testing.PrometheusScrape;
import dev.o11y.sdk.testing.ReceivedSpan;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MetricsTest {

  private static final String DURATION = "o11y_operation_duration_seconds";

  private OtlpReceiver receiver;
  private O11y o11y;
  private Shop shop;

  @BeforeEach
  void start() {
    receiver = OtlpReceiver.start();
    o11y = O11y.builder().serviceName("shop").environment("test").otlpEndpoint(receiver.endpoint()).build();
    shop = o11y.instrument(Shop.class,
        new Shop.ShopImpl(o11y.instrument(Catalog.Prices.class, new Catalog.PricesImpl())));
  }

  @AfterEach
  void stop() {
    o11y.close();
    receiver.close();
  }

  @Test
  void histogramHasTheContractNamesLabelsAndCounts() {
    for (int i = 0; i < 7; i++) {
      shop.checkout("c" + i);
    }
    for (int i = 0; i < 3; i++) {
      catchThrowable(() -> shop.checkout("gone"));
    }

    PrometheusScrape scrape = PrometheusScrape.parse(o11y.scrape());
    assertThat(scrape.types()).containsEntry(DURATION, "histogram");
    Map<String, String> ok = Map.of("operation", "checkout", "result", "ok", "error_type", "none",
        "service", "shop", "env", "test");
    Map<String, String> error = Map.of("operation", "checkout", "result", "error",
        "error_type", "OutOfStockException", "service", "shop", "env", "test");
    assertThat(scrape.value(DURATION + "_count", ok)).isEqualTo(7);
    assertThat(scrape.value(DURATION + "_count", error)).isEqualTo(3);
    assertThat(scrape.value(DURATION + "_count",
        Map.of("operation", "PricesImpl.price", "result", "ok"))).isEqualTo(7);
    assertThat(scrape.value("o11y_operation_active", Map.of("operation", "checkout", "service", "shop")))
        .isZero();
    assertThat(scrape.series(DURATION + "_count"))
        .allSatisfy(labels -> assertThat(labels.keySet())
            .containsExactlyInAnyOrder("operation", "result", "error_type", "service", "env"));
  }

  @Test
  void bucketsAreTheDefaultsPlusTheSloThresholdExactly() {
    shop.checkout("c1");
    shop.price("rod-1");
    PrometheusScrape scrape = PrometheusScrape.parse(o11y.scrape());

    Set<String> checkoutLe = le(scrape, "checkout");
    assertThat(checkoutLe).contains("0.15"); // @Slo(latency = "150ms")
    Set<String> priceLe = le(scrape, "ShopImpl.price");
    assertThat(priceLe).doesNotContain("0.15");
    assertThat(priceLe).containsExactlyInAnyOrder("0.005", "0.01", "0.025", "0.05", "0.1", "0.2", "0.25",
        "0.3", "0.5", "0.75", "1.0", "2.5", "5.0", "10.0", "+Inf");
  }

  @Test
  void bucketExemplarsPointAtExportedSpansAndNeverSitOnCount() {
    shop.checkout("c1");
    String text = o11y.scrape();
    o11y.close();
    ReceivedSpan checkout = receiver.awaitSpan("checkout", Duration.ofSeconds(20));

    PrometheusScrape scrape = PrometheusScrape.parse(text);
    var exemplars = scrape.samples(DURATION + "_bucket", Map.of("operation", "checkout")).stream()
        .filter(s -> s.exemplar() != null)
        .toList();
    assertThat(exemplars).hasSize(1);
    assertThat(exemplars.get(0).exemplar().labels())
        .containsEntry("trace_id", checkout.traceId())
        .containsEntry("span_id", checkout.spanId());
    // Prometheus 2.42 fails the whole scrape on an exemplar attached to _count
    assertThat(scrape.samples(DURATION + "_count")).allSatisfy(s -> assertThat(s.exemplar()).isNull());
  }

  @Test
  void buildInfoAndSdkHealthMetricsArePresent() {
    PrometheusScrape scrape = PrometheusScrape.parse(o11y.scrape());
    assertThat(scrape.value("o11y_build_info", Map.of("service", "shop", "env", "test"))).isEqualTo(1);
    assertThat(scrape.samples("o11y_build_info").get(0).labels()).containsKeys("version", "commit");
    assertThat(scrape.value("o11y_sdk_dropped_spans_total", Map.of("service", "shop"))).isZero();
  }

  @Test
  void prometheusTextFormatIsAvailableToo() {
    shop.checkout("c1");
    String text = o11y.scrape("text/plain; version=0.0.4; charset=utf-8");
    PrometheusScrape scrape = PrometheusScrape.parse(text);
    assertThat(scrape.value(DURATION + "_count", Map.of("operation", "checkout"))).isEqualTo(1);
  }

  private static Set<String> le(PrometheusScrape scrape, String operation) {
    return scrape.samples(DURATION + "_bucket", Map.of("operation", operation, "result", "ok")).stream()
        .map(s -> s.labels().get("le"))
        .collect(Collectors.toSet());
  }
}
