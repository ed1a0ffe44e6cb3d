package dev.o11y.sdk.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o11y.sdk.Monitored;
import dev.o11y.sdk.O11y;
import dev.o11y.sdk.O11yConfigurationException;
import dev.o11y.sdk.Slo;
import dev.o11y.sdk.testing.PrometheusScrape;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

/**
 * Spring resolves a {@code @Monitored} method's operation when the context starts, not at its first
 * call: two beans declaring one operation with different {@code @Slo}s, or an invalid one, fail the
 * context's refresh. A conflict only a call can meet (a lazy bean) is counted, never thrown into it.
 */
class SloConflictStartupTest {

  private final ApplicationContextRunner context = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, O11yAutoConfiguration.class))
      .withPropertyValues("o11y.service-name=shop", "o11y.otlp-endpoint=none");

  public static class WebCheckout {
    @Monitored(value = "checkout", slo = @Slo(successRate = 99.9, latency = "300ms"))
    public String checkout() {
      return "web";
    }
  }

  public static class KioskCheckout {
    @Monitored("checkout")
    public String checkout() {
      return "kiosk";
    }
  }

  public static class BadLatency {
    @Monitored(slo = @Slo(latency = "fast"))
    public String pay() {
      return "paid";
    }
  }

  @Test
  void twoBeansDeclaringOneOperationWithDifferentObjectivesFailStartup() {
    context.withBean(WebCheckout.class).withBean(KioskCheckout.class).run(app -> assertThat(failure(app))
        .isInstanceOf(O11yConfigurationException.class)
        .hasMessageContaining("operation 'checkout'")
        .hasMessageContaining(WebCheckout.class.getName() + ".checkout with @Slo(successRate = 99.9")
        .hasMessageContaining(KioskCheckout.class.getName() + ".checkout with no @Slo")
        .hasMessageContaining("put the same @Slo on both methods, or give them different names"));
  }

  /** It used to be thrown at the method's first call, into the application. */
  @Test
  void anInvalidSloFailsStartup() {
    context.withBean(BadLatency.class).run(app -> assertThat(failure(app))
        .isInstanceOf(O11yConfigurationException.class)
        .hasMessageContaining(BadLatency.class.getName() + ".pay()").hasMessageContaining("'fast'"));
  }

  /**
   * A lazy bean is made at its first use, after the startup check: its conflicting declaration is
   * counted in {@code o11y_sdk_internal_errors_total} and the call is monitored under the operation
   * as first declared, threshold bucket included.
   */
  @Test
  void aConflictOnlyACallMeetsIsCountedAndTheCallGoesOn() {
    context.withBean(WebCheckout.class)
        .withBean("kiosk", KioskCheckout.class, KioskCheckout::new, definition -> definition.setLazyInit(true))
        .run(app -> {
          assertThat(app).hasNotFailed();
          O11y o11y = app.getBean(O11y.class);

          assertThat(app.getBean(KioskCheckout.class).checkout()).isEqualTo("kiosk");

          PrometheusScrape scrape = PrometheusScrape.parse(o11y.scrape());
          assertThat(scrape.value("o11y_sdk_internal_errors_total", Map.of())).isEqualTo(1);
          assertThat(scrape.value("o11y_operation_duration_seconds_count", Map.of("operation", "checkout")))
              .isEqualTo(1);
          assertThat(scrape.samples("o11y_operation_duration_seconds_bucket", Map.of("operation", "checkout")))
              .anySatisfy(s -> assertThat(s.labels()).containsEntry("le", "0.3"));
        });
  }

  /** Why the context failed to start, however Spring wrapped it. */
  private static Throwable failure(AssertableApplicationContext app) {
    assertThat(app).hasFailed();
    return NestedExceptionUtils.getMostSpecificCause(app.getStartupFailure());
  }
}
