package dev.o11y.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o11y.sdk.testing.PrometheusScrape;
import dev.o11y.sdk.testing.RetainedHeap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CardinalityTest {

  @Test
  void distinctOperationNamesNeverExceedTheSeriesCap() {
    try (O11y o11y = O11y.builder().serviceName("shop").otlpEndpoint("none").build()) {
      for (int i = 0; i < 100_000; i++) {
        o11y.observe("user-" + i, () -> { });
      }
      PrometheusScrape scrape = PrometheusScrape.parse(o11y.scrape());
      assertThat(scrape.series("o11y_operation_duration_seconds_count")).hasSizeLessThanOrEqualTo(1000);
      assertThat(scrape.series("o11y_operation_active")).hasSizeLessThanOrEqualTo(1000);
      assertThat(scrape.value("o11y_operation_duration_seconds_count", Map.of("operation", "_other_")))
          .isEqualTo(100_000 - 999);
      assertThat(scrape.value("o11y_sdk_cardinality_overflow_total",
          Map.of("metric", "o11y_operation_duration_seconds"))).isGreaterThan(0);
    }
  }

  @Test
  void anyMeterInTheRegistryIsCappedToo() {
    try (O11y o11y = O11y.builder().serviceName("shop").otlpEndpoint("none").seriesLimit(50).build()) {
      for (int i = 0; i < 500; i++) {
        o11y.meterRegistry().counter("app.requests", "user", "u" + i).increment();
      }
      PrometheusScrape scrape = PrometheusScrape.parse(o11y.scrape());
      assertThat(scrape.series("app_requests_total")).hasSize(50);
      assertThat(scrape.value("app_requests_total", Map.of("user", "_other_"))).isEqualTo(451);
      assertThat(scrape.samples("app_requests_total")).allSatisfy(s ->
          assertThat(s.labels()).containsEntry("service", "shop"));
    }
  }

  @Test
  void aMillionDistinctUserValuesStayUnderTheCapInSeriesAndMemory() {
    try (O11y o11y = O11y.builder().serviceName("shop").otlpEndpoint("none").build()) {
      for (int i = 0; i < 10_000; i++) {
        o11y.observe("user-" + i, () -> { }); // reach the cap first, then measure what more names cost
      }
      long before = RetainedHeap.bytes();
      for (int i = 10_000; i < 1_000_000; i++) {
        o11y.observe("user-" + i, () -> { });
      }
      long grown = RetainedHeap.bytes() - before;
      PrometheusScrape scrape = PrometheusScrape.parse(o11y.scrape());
      assertThat(scrape.series("o11y_operation_duration_seconds_count")).hasSizeLessThanOrEqualTo(1000);
      assertThat(scrape.value("o11y_operation_duration_seconds_count", Map.of("operation", "_other_")))
          .isEqualTo(1_000_000 - 999);
      // a million names kept anywhere would take well over 50 MB; bounded state takes next to nothing
      assertThat(grown).as("heap growth after 990,000 new names, bytes").isLessThan(16L * 1024 * 1024);
    }
  }

  /**
   * Operations past the cap with errors: the overflow keeps {@code result}, so the error ratio over
   * everything (what an SLO alert computes) is still right; before, ok and error were folded into one
   * {@code result="_other_"} series.
   */
  @Test
  void overflowKeepsTheOutcomeSoErrorRatiosStayRight() {
    try (O11y o11y = O11y.builder().serviceName("shop").otlpEndpoint("none").seriesLimit(50).build()) {
      for (int i = 0; i < 200; i++) {
        o11y.observe("op-" + i, () -> { });
        try {
          o11y.observe("op-" + i, (java.util.concurrent.Callable<Object>) () -> {
            throw new IllegalStateException("out of stock");
          });
        } catch (IllegalStateException expected) {
          // the call's own failure
        }
      }
      PrometheusScrape scrape = PrometheusScrape.parse(o11y.scrape());
      String count = "o11y_operation_duration_seconds_count";
      assertThat(scrape.samples(count, Map.of("result", "ok")).stream().mapToDouble(PrometheusScrape.Sample::value).sum())
          .isEqualTo(200);
      assertThat(scrape.samples(count, Map.of("result", "error")).stream().mapToDouble(PrometheusScrape.Sample::value).sum())
          .isEqualTo(200);
      assertThat(scrape.samples(count, Map.of("result", "_other_"))).isEmpty();
      // 49 admitted, the SDK's _other_ operation (successes, and one error type), the folded errors
      assertThat(scrape.series(count)).hasSizeLessThanOrEqualTo(52);
    }
  }
}
