package dev.o11y.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o11y.sdk.testing.PrometheusScrape;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One operation name has one objective: its latency threshold is a bucket boundary of the one
 * histogram the name gets. Two methods declaring one name with different {@code @Slo}s fail at
 * {@code instrument(..)}, whichever comes first; before, the first one won silently and a declared
 * objective could vanish with its bucket.
 */
class SloConflictTest {

  private final O11y o11y = O11y.builder().serviceName("shop").otlpEndpoint("none").build();

  @AfterEach
  void close() {
    o11y.close();
  }

  public interface Checkout {
    void checkout();
  }

  static class WebCheckout implements Checkout {
    @Override
    @Monitored(value = "checkout", slo = @Slo(successRate = 99.9, latency = "300ms"))
    public void checkout() {}
  }

  /** The same objective as {@link WebCheckout}'s. */
  static class AppCheckout implements Checkout {
    @Override
    @Monitored(value = "checkout", slo = @Slo(successRate = 99.9, latency = "300ms"))
    public void checkout() {}
  }

  static class MobileCheckout implements Checkout {
    @Override
    @Monitored(value = "checkout", slo = @Slo(successRate = 99.0, latency = "500ms"))
    public void checkout() {}
  }

  static class KioskCheckout implements Checkout {
    @Override
    @Monitored("checkout")
    public void checkout() {}
  }

  public interface Search {
    List<String> find(String text);

    List<String> find(String text, int limit);
  }

  /** Overloads share the default name {@code Catalog.find}. */
  static class Catalog implements Search {
    @Override
    @Monitored(slo = @Slo(latency = "200ms"))
    public List<String> find(String text) {
      return List.of(text);
    }

    @Override
    @Monitored
    public List<String> find(String text, int limit) {
      return List.of(text);
    }
  }

  @Test
  void differentObjectivesOnOneNameFailInstrumentNamingBothMethodsAndTheFix() {
    o11y.instrument(Checkout.class, new WebCheckout());

    assertThatThrownBy(() -> o11y.instrument(Checkout.class, new MobileCheckout()))
        .isInstanceOf(O11yConfigurationException.class)
        .hasMessageContaining("operation 'checkout'")
        .hasMessageContaining(WebCheckout.class.getName() + ".checkout with @Slo(successRate = 99.9, latency = \"300ms\"")
        .hasMessageContaining(MobileCheckout.class.getName() + ".checkout with @Slo(successRate = 99.0, latency = \"500ms\"")
        .hasMessageContaining("put the same @Slo on both methods, or give them different names");
  }

  /** Declared first, no objective used to win: the other's objective and its 0.3 s bucket were lost. */
  @Test
  void noObjectiveAndAnObjectiveOnOneNameFailWhicheverIsInstrumentedFirst() {
    o11y.instrument(Checkout.class, new KioskCheckout());
    assertThatThrownBy(() -> o11y.instrument(Checkout.class, new WebCheckout()))
        .isInstanceOf(O11yConfigurationException.class)
        .hasMessageContaining(KioskCheckout.class.getName() + ".checkout with no @Slo")
        .hasMessageContaining(WebCheckout.class.getName() + ".checkout with @Slo(");

    try (O11y other = O11y.builder().serviceName("shop").otlpEndpoint("none").build()) {
      other.instrument(Checkout.class, new WebCheckout());
      assertThatThrownBy(() -> other.instrument(Checkout.class, new KioskCheckout()))
          .isInstanceOf(O11yConfigurationException.class)
          .hasMessageContaining(KioskCheckout.class.getName() + ".checkout with no @Slo");
    }
  }

  @Test
  void overloadsSharingTheDefaultNameWithDifferentObjectivesFailInstrument() {
    assertThatThrownBy(() -> o11y.instrument(Search.class, new Catalog()))
        .isInstanceOf(O11yConfigurationException.class)
        .hasMessageContaining("operation 'Catalog.find'")
        .hasMessageContaining(Catalog.class.getName() + ".find (overloads)")
        .hasMessageContaining("@Slo(latency = \"200ms\", latencyPercentile = 99.0)")
        .hasMessageContaining("no @Slo");
  }

  @Test
  void theSameObjectiveTwiceIsOneOperationWithItsThresholdAsABucket() {
    o11y.instrument(Checkout.class, new WebCheckout()).checkout();
    o11y.instrument(Checkout.class, new AppCheckout()).checkout();

    PrometheusScrape scrape = PrometheusScrape.parse(o11y.scrape());
    assertThat(scrape.value("o11y_operation_duration_seconds_count", Map.of("operation", "checkout"))).isEqualTo(2);
    assertThat(le(scrape, "checkout")).contains("0.3");
  }

  /** {@code observe(name, ..)} declares no objective: it joins the declared operation of its name. */
  @Test
  void observeJoinsTheOperationDeclaredUnderItsName() {
    o11y.instrument(Checkout.class, new WebCheckout()).checkout();

    o11y.observe("checkout", () -> { });

    PrometheusScrape scrape = PrometheusScrape.parse(o11y.scrape());
    assertThat(scrape.value("o11y_operation_duration_seconds_count", Map.of("operation", "checkout"))).isEqualTo(2);
    assertThat(le(scrape, "checkout")).contains("0.3");
  }

  /** The operation already exists without the threshold bucket, so the objective cannot apply. */
  @Test
  void anObjectiveDeclaredAfterObserveMadeTheOperationFailsInstrument() {
    o11y.observe("checkout", () -> { });

    assertThatThrownBy(() -> o11y.instrument(Checkout.class, new WebCheckout()))
        .isInstanceOf(O11yConfigurationException.class)
        .hasMessageContaining(WebCheckout.class.getName() + ".checkout declares @Slo(")
        .hasMessageContaining("o11y.observe(\"checkout\", ..) already made the operation without one")
        .hasMessageContaining("instrument before the first observe(..) of that name, or give them different names");
    o11y.instrument(Checkout.class, new KioskCheckout()).checkout(); // no objective: nothing to lose
  }

  private static Set<String> le(PrometheusScrape scrape, String operation) {
    return scrape.samples("o11y_operation_duration_seconds_bucket", Map.of("operation", operation, "result", "ok"))
        .stream().map(s -> s.labels().get("le")).collect(Collectors.toSet());
  }
}
