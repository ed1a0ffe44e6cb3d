package dev.o11y.sdk.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o11y.sdk.O11y;
import dev.o11y.sdk.testing.CapturedLogs;
import dev.o11y.sdk.testing.OtlpReceiver;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code o11y.shutdown-timeout} bounds what closing the context may spend on the SDK. */
class ShutdownTimeoutPropertyTest {

  private final ApplicationContextRunner context = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(O11yAutoConfiguration.class))
      .withPropertyValues("o11y.service-name=shop", "o11y.otlp-endpoint=none");

  @Test
  void thePropertyReachesTheSdkAndDefaultsToTwoSeconds() {
    context.withPropertyValues("o11y.shutdown-timeout=750ms")
        .run(app -> assertThat(app.getBean(O11y.class).shutdownTimeout()).isEqualTo(Duration.ofMillis(750)));
    context.run(app -> assertThat(app.getBean(O11y.class).shutdownTimeout()).isEqualTo(Duration.ofSeconds(2)));
  }

  /**
   * The OpenTelemetry bean is the SDK's own: closing the context must not shut it down a second time
   * ahead of O11y, with OpenTelemetry's own wait (10 s) instead of the budget, while a collector hangs.
   */
  @Test
  void closingTheContextSpendsTheBudgetNotOpenTelemetrysOwnWait() {
    try (OtlpReceiver collector = OtlpReceiver.start(); CapturedLogs logs = CapturedLogs.start()) {
      collector.blackHole(true);
      context.withPropertyValues("o11y.otlp-endpoint=" + collector.endpoint(), "o11y.shutdown-timeout=500ms")
          .run(app -> {
            app.getBean(OpenTelemetry.class).getTracer("test").spanBuilder("queued at close").startSpan().end();
            long start = System.nanoTime();
            app.close();
            // the budget plus generous slack for a loaded machine, well under OpenTelemetry's 10 s
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
          });
      assertThat(logs.raw()).doesNotContain("Multiple shutdown calls");
    }
  }

  @Test
  void aBadValueFailsStartupNamingTheKey() {
    context.withPropertyValues("o11y.shutdown-timeout=-1s").run(app -> assertThat(app).hasFailed()
        .getFailure().rootCause().hasMessageContaining("o11y.shutdown-timeout").hasMessageContaining("1ms to 10m"));
    context.withPropertyValues("o11y.shutdown-timeout=soon").run(app -> assertThat(app).hasFailed()
        .getFailure().hasStackTraceContaining("Failed to bind properties under 'o11y.shutdown-timeout'"));
  }
}
