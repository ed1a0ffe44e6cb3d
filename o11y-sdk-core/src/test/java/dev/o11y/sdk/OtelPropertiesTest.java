package dev.o11y.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.o11y.sdk.testing.OtlpReceiver;
import dev.o11y.sdk.testing.ReceivedSpan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code O11y.builder().otelProperties(..)}: an application's {@code otel.*} settings, as a framework hands them over. */
class OtelPropertiesTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void otelPropertiesReachTheSdkWhileTheBuildersOwnSettingsStillWin() {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      O11y o11y = O11y.builder()
          .serviceName("orders")
          .otlpEndpoint(receiver.endpoint())
          .otelProperties(Map.of(
              "otel.resource.attributes", "deployment.region=eu1",
              "otel.service.name", "not-orders",
              "otel.exporter.otlp.endpoint", "http://127.0.0.1:9"))
          .build();
      o11y.observe("checkout", () -> {});
      o11y.close(); // flushes

      ReceivedSpan span = receiver.awaitSpan("checkout", WAIT);
      assertThat(span.resource())
          .containsEntry("deployment.region", "eu1")
          .containsEntry("service.name", "orders");
    }
  }

  @Test
  void anOtelEndpointOrServiceNameStandsInForTheEnvironmentVariable() {
    O11y.Settings settings = new O11y.Builder(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://from-env:4318"))
        .otelProperties(Map.of("otel.exporter.otlp.endpoint", "http://collector:4318", "otel.service.name", "orders"))
        .resolve();
    assertThat(settings.otlpEndpoint()).isEqualTo("http://collector:4318");
    assertThat(settings.endpointExplicit()).isTrue();
    assertThat(settings.serviceName()).isEqualTo("orders");

    Throwable bad = catchThrowable(() -> new O11y.Builder(Map.of()).serviceName("x")
        .otelProperties(Map.of("otel.exporter.otlp.endpoint", "collector:4318")).resolve());
    assertThat(bad).isInstanceOf(O11yConfigurationException.class)
        .hasMessageContaining("otel.exporter.otlp.endpoint='collector:4318'");
  }

  @Test
  void aBadValueFailsBuildNamingTheKeyAsForASystemProperty() {
    assertThat(buildFailure(Map.of("otel.bsp.schedule.delay", "abc")))
        .isInstanceOf(O11yConfigurationException.class).hasMessageContaining("otel.bsp.schedule.delay");
    assertThat(buildFailure(Map.of("otel.traces.sampler", "bogus")))
        .isInstanceOf(O11yConfigurationException.class).hasMessageContaining("otel.traces.sampler");

    String before = System.setProperty("otel.bsp.schedule.delay", "abc");
    try {
      assertThat(buildFailure(Map.of())).isInstanceOf(O11yConfigurationException.class)
          .hasMessageContaining("otel.bsp.schedule.delay");
    } finally {
      restore("otel.bsp.schedule.delay", before);
    }
  }

  @Test
  void anUnparsableOtlpHeaderIsNamedWithoutItsValueAnywhereInTheExceptionChain() {
    // a header name the log masker does not know, so nothing but the SDK keeps the value out
    String secret = "Zq8f7sEcReTvAlUe";
    for (String headers : List.of("x-honeycomb-team:" + secret, "x-honeycomb-team=" + secret + "%ZZ",
        "dd-tenant=" + secret + ",broken")) {
      Throwable failure = buildFailure(Map.of("otel.exporter.otlp.headers", headers));
      assertThat(failure).as(headers).isInstanceOf(O11yConfigurationException.class)
          .hasMessageContaining("otel.exporter.otlp.headers");
      assertThat(chain(failure)).as(headers).allSatisfy(t ->
          assertThat(String.valueOf(t.getMessage())).doesNotContain(secret).doesNotContain("%ZZ"));
    }
  }

  private static Throwable buildFailure(Map<String, String> otelProperties) {
    return catchThrowable(() -> O11y.builder().serviceName("x").otlpEndpoint("http://127.0.0.1:9")
        .otelProperties(otelProperties).build().close());
  }

  private static List<Throwable> chain(Throwable error) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = error; t != null; t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }

  private static void restore(String key, String value) {
    if (value == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, value);
    }
  }
}
