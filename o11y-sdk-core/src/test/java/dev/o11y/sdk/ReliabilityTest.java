package dev.o11y.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o11y.sdk.testing.CapturedLogs;
import dev.o11y.sdk.testing.PrometheusScrape;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SDK must never break or slow the application, whatever happens to its backends or itself. */
class ReliabilityTest {

  @Test
  void aFailureInsideTheSdkNeverReachesTheCallerAndIsLoggedOnce() {
    try (O11y o11y = O11y.builder().serviceName("shop").otlpEndpoint("none").build();
        CapturedLogs logs = CapturedLogs.start()) {
      // a broken meter filter makes the SDK's error-timer registration throw inside bookkeeping
      o11y.meterRegistry().config().meterFilter(new MeterFilter() {
        @Override
        public Meter.Id map(Meter.Id id) {
          if ("IllegalArgumentException".equals(id.getTag("error_type"))) {
            throw new IllegalStateException("broken filter");
          }
          return id;
        }
      });
      for (int i = 0; i < 3; i++) {
        assertThatThrownBy(() -> o11y.observe("parse", () -> {
          throw new IllegalArgumentException("user's own error");
        })).isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("user's own error");
      }
      assertThat(o11y.observe("parse", () -> 42)).isEqualTo(42);

      long internalErrorLines = logs.json().stream()
          .filter(l -> l.get("message").asString().contains("o11y-sdk internal error"))
          .count();
      assertThat(internalErrorLines).isEqualTo(1);
      assertThat(PrometheusScrape.parse(o11y.scrape()).value("o11y_sdk_internal_errors_total", Map.of()))
          .isEqualTo(3);
    }
  }

  @Test
  void checkedExceptionsPassThroughObserveUnchanged() {
    try (O11y o11y = O11y.builder().serviceName("shop").otlpEndpoint("none").build()) {
      IOException io = new IOException("disk");
      assertThatThrownBy(() -> o11y.observe("read", () -> {
        throw io;
      })).isSameAs(io);
    }
  }

  /** A platform convention that throws costs the operation its metrics and span, never the call itself. */
  @Test
  void aConventionThatThrowsLeavesObserveRunningUninstrumented() {
    O11yConvention broken = new O11yConvention() {
      @Override
      public String operationName(OperationDescriptor operation) {
        throw new IllegalStateException("convention bug");
      }
    };
    try (O11y o11y = O11y.builder().serviceName("shop").otlpEndpoint("none").convention(broken).build()) {
      assertThat(o11y.observe("price", () -> 42)).isEqualTo(42);
      int[] ran = new int[1];
      o11y.observe("restock", () -> {
        ran[0]++;
      });
      assertThat(ran[0]).isEqualTo(1);
      assertThat(PrometheusScrape.parse(o11y.scrape()).value("o11y_sdk_internal_errors_total", Map.of()))
          .isEqualTo(2);
    }
  }
}
