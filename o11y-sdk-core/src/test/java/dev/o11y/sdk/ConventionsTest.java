package dev.o11y.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o11y.sdk.fixtures.Shop;
import dev.o11y.sdk.fixtures.Shop.Catalog;
import dev.o11y.sdk.testing.OtlpReceiver;
import dev.o11y.sdk.testing.PrometheusScrape;
import dev.o11y.sdk.testing.ReceivedSpan;
import io.opentelemetry.api.trace.Span;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ConventionsTest {

  @Test
  void aPlatformConventionRenamesTagsAndDeniesAcrossEverySignal() {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      Map<String, String> scrapeLabels;
      try (O11y o11y = O11y.builder().serviceName("shop").otlpEndpoint(receiver.endpoint())
          .convention(O11yConvention.renameOperations(name -> "shop." + name))
          .convention(O11yConvention.tag("team", op -> op.type() == null ? null : "fishing-rods"))
          .convention(O11yConvention.denyKeys("customer.id", "code.function.name"))
          .build()) {
        Shop shop = o11y.instrument(Shop.class,
            new Shop.ShopImpl(o11y.instrument(Catalog.Prices.class, new Catalog.PricesImpl())));
        shop.checkout("c1");
        o11y.observe("adhoc", () -> Span.current().setAttribute("customer.id", "c-981"));
        PrometheusScrape scrape = PrometheusScrape.parse(o11y.scrape());
        scrapeLabels = scrape.samples("o11y_operation_duration_seconds_count",
            Map.of("operation", "shop.checkout")).get(0).labels();
        assertThat(scrape.value("o11y_operation_duration_seconds_count",
            Map.of("operation", "shop.adhoc", "team", "none"))).isEqualTo(1);
      }
      assertThat(scrapeLabels).containsEntry("team", "fishing-rods");

      var spans = receiver.awaitSpanCount(3, Duration.ofSeconds(20));
      assertThat(spans).extracting(ReceivedSpan::name)
          .containsExactlyInAnyOrder("shop.checkout", "shop.PricesImpl.price", "shop.adhoc");
      ReceivedSpan checkout = spans.stream().filter(s -> s.name().equals("shop.checkout")).findFirst().orElseThrow();
      assertThat(checkout.attributes()).containsEntry("team", "fishing-rods")
          .doesNotContainKey("code.function.name");
      ReceivedSpan adhoc = spans.stream().filter(s -> s.name().equals("shop.adhoc")).findFirst().orElseThrow();
      assertThat(adhoc.attributes()).doesNotContainKey("customer.id");
    }
  }

  @Test
  void bucketsCanBeReplacedAndSloThresholdsAreStillAdded() {
    try (O11y o11y = O11y.builder().serviceName("shop").otlpEndpoint("none")
        .convention(O11yConvention.durationBuckets(0.001, 0.01, 0.1, 1)).build()) {
      Shop shop = o11y.instrument(Shop.class,
          new Shop.ShopImpl(o11y.instrument(Catalog.Prices.class, new Catalog.PricesImpl())));
      shop.checkout("c1");
      Set<String> le = PrometheusScrape.parse(o11y.scrape())
          .samples("o11y_operation_duration_seconds_bucket", Map.of("operation", "checkout")).stream()
          .map(s -> s.labels().get("le")).collect(Collectors.toSet());
      assertThat(le).containsExactlyInAnyOrder("0.001", "0.01", "0.1", "0.15", "1.0", "+Inf");
    }
  }

  @Test
  void badConventionsFailAtStartupNamingTheProblem() {
    assertThatThrownBy(() -> O11yConvention.durationBuckets(0.5, 0.1))
        .isInstanceOf(O11yConfigurationException.class).hasMessageContaining("ascending");
    assertThatThrownBy(() -> O11y.builder().serviceName("shop").otlpEndpoint("none")
        .convention(O11yConvention.tag("result", op -> "x")).build())
        .isInstanceOf(O11yConfigurationException.class).hasMessageContaining("'result'");
  }
}
