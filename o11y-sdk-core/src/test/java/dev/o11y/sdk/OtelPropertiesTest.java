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
    assertThat(settings.endpointFromBuilder()).isFalse(); // OpenTelemetry resolves it, with its signal-specific keys
    assertThat(settings.serviceName()).isEqualTo("orders");

    Throwable bad = catchThrowable(() -> new O11y.Builder(Map.of()).serviceName("x")
        .otelProperties(Map.of("otel.exporter.otlp.endpoint", "collector:4318")).resolve());
    assertThat(bad).isInstanceOf(O11yConfigurationException.class)
        .hasMessageContaining("otel.exporter.otlp.endpoint='collector:4318'");
  }

  /** OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is used as it is and beats the generic endpoint, as OpenTelemetry documents. */
  @Test
  void theTracesEndpointWinsOverTheGenericOne() {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      O11y o11y = O11y.builder().serviceName("orders")
          .otelProperties(Map.of(
              "otel.exporter.otlp.endpoint", "http://127.0.0.1:9",
              "otel.exporter.otlp.traces.endpoint", receiver.endpoint() + "/v1/traces"))
          .build();
      assertThat(o11y.otlpTracesUrl()).isEqualTo(receiver.endpoint() + "/v1/traces");
      assertThat(o11y.otlpEndpoint()).as("the base URL, as configured").isEqualTo("http://127.0.0.1:9");
      assertThat(o11y.otlpProtocol()).isEqualTo("http/protobuf");
      o11y.observe("checkout", () -> {});
      o11y.close();
      assertThat(receiver.awaitSpan("checkout", WAIT).resource()).containsEntry("service.name", "orders");
    }
  }

  /** -Dotel.exporter.otlp.endpoint and -Dotel.service.name count, as they do for OpenTelemetry. */
  @Test
  void otelSystemPropertiesAreHonoured() {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      String endpointBefore = System.setProperty("otel.exporter.otlp.endpoint", receiver.endpoint());
      String nameBefore = System.setProperty("otel.service.name", "from-system-property");
      try {
        O11y o11y = O11y.builder().build();
        assertThat(o11y.serviceName()).isEqualTo("from-system-property");
        assertThat(o11y.otlpEndpoint()).isEqualTo(receiver.endpoint());
        assertThat(o11y.otlpTracesUrl()).isEqualTo(receiver.endpoint() + "/v1/traces");
        o11y.observe("checkout", () -> {});
        o11y.close();
        assertThat(receiver.awaitSpan("checkout", WAIT).resource()).containsEntry("service.name", "from-system-property");
      } finally {
        restore("otel.exporter.otlp.endpoint", endpointBefore);
        restore("otel.service.name", nameBefore);
      }
    }
  }

  /**
   * {@code -Dotel.x=} and {@code OTEL_X=} left empty by a deployment template mean unset, as the
   * OpenTelemetry specification says of empty variables: OpenTelemetry's Java autoconfiguration
   * took "" as the endpoint ("OTLP endpoint must be a valid URL: ") and as a sampler name. A blank
   * {@code otel.*} property of the application's does not hide a lower source's value either.
   */
  @Test
  void blankOtelSettingsAreUnset() {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      Map<String, String> before = new java.util.HashMap<>();
      for (String key : List.of("otel.exporter.otlp.endpoint", "otel.traces.sampler", "otel.exporter.otlp.protocol",
          "otel.exporter.otlp.traces.endpoint")) {
        before.put(key, System.setProperty(key, ""));
      }
      try {
        try (O11y o11y = O11y.builder().serviceName("orders").build()) {
          assertThat(o11y.otlpEndpoint()).isEqualTo("http://localhost:4318");
          assertThat(o11y.otlpTracesUrl()).isEqualTo("http://localhost:4318/v1/traces");
          assertThat(o11y.otlpProtocol()).isEqualTo("http/protobuf");
        }
        System.setProperty("otel.exporter.otlp.endpoint", receiver.endpoint());
        O11y o11y = O11y.builder().serviceName("orders")
            .otelProperties(Map.of("otel.exporter.otlp.endpoint", " ", "otel.service.name", ""))
            .build();
        assertThat(o11y.otlpTracesUrl()).isEqualTo(receiver.endpoint() + "/v1/traces");
        o11y.observe("checkout", () -> {});
        o11y.close();
        assertThat(receiver.awaitSpan("checkout", WAIT).resource()).containsEntry("service.name", "orders");
      } finally {
        before.forEach(OtelPropertiesTest::restore);
      }
    }
  }

  /** The protocol OpenTelemetry is told to use is the one it uses; the SDK's OTLP/HTTP is only a default. */
  @Test
  void aGrpcProtocolIsKeptWithItsEndpointAsGiven() {
    try (O11y o11y = O11y.builder().serviceName("orders")
        .otelProperties(Map.of("otel.exporter.otlp.endpoint", "http://127.0.0.1:4317", "otel.exporter.otlp.protocol", "grpc"))
        .build()) {
      assertThat(o11y.otlpProtocol()).isEqualTo("grpc");
      assertThat(o11y.otlpTracesUrl()).isEqualTo("http://127.0.0.1:4317");
    }
    try (O11y o11y = O11y.builder().serviceName("orders").otelProperties(Map.of("otel.traces.exporter", "none")).build()) {
      assertThat(o11y.otlpEndpoint()).isNull();
      assertThat(o11y.otlpTracesUrl()).isNull();
      assertThat(o11y.otlpProtocol()).isNull();
    }
  }

  /** service.name, service.version and the environment in OTEL_RESOURCE_ATTRIBUTES reach metrics and logs too. */
  @Test
  void resourceAttributesStandInForTheSdksOwnSettings() {
    O11y.Settings settings = new O11y.Builder(Map.of("OTEL_RESOURCE_ATTRIBUTES",
        "service.name=cart%20service,service.version=2.1.0,deployment.environment.name=prod,team=fish"))
        .resolve();
    assertThat(settings.serviceName()).isEqualTo("cart service");
    assertThat(settings.serviceVersion()).isEqualTo("2.1.0");
    assertThat(settings.environment()).isEqualTo("prod");

    O11y.Settings mine = new O11y.Builder(Map.of("OTEL_RESOURCE_ATTRIBUTES", "service.name=cart,service.version=2.1.0",
        "OTEL_SERVICE_NAME", "orders", "O11Y_VERSION", "3.0.0")).resolve();
    assertThat(mine.serviceName()).isEqualTo("orders");
    assertThat(mine.serviceVersion()).isEqualTo("3.0.0");
    assertThat(mine.environment()).isEqualTo("unknown");

    try (O11y o11y = O11y.builder().otlpEndpoint("none")
        .otelProperties(Map.of("otel.resource.attributes", "service.name=cart,deployment.environment=stage")).build()) {
      o11y.observe("checkout", () -> {});
      assertThat(o11y.environment()).isEqualTo("stage");
      assertThat(o11y.scrape()).contains("service=\"cart\"").contains("env=\"stage\"");
    }
  }

  /**
   * OTEL_SDK_DISABLED=true: nothing is sampled or exported, whatever sampler the builder chose; calls
   * still run and still get trace ids for their log lines, marked not sampled (OpenTelemetry alone
   * would mark every span sampled with nowhere to send it).
   */
  @Test
  void theSdkDisabledSwitchMeansNothingSampledOrExported() {
    try (O11y o11y = O11y.builder().serviceName("orders").sampler(io.opentelemetry.sdk.trace.samplers.Sampler.alwaysOn())
        .otelProperties(Map.of("otel.sdk.disabled", "true")).build()) {
      io.opentelemetry.api.trace.SpanContext seen = o11y.observe("checkout",
          () -> io.opentelemetry.api.trace.Span.current().getSpanContext());
      assertThat(seen.isValid()).isTrue();
      assertThat(seen.isSampled()).isFalse();
      assertThat(o11y.otlpTracesUrl()).isNull();
    }
  }

  /** A ratio outside 0..1 (or NaN, which OpenTelemetry takes as "sample nothing") fails naming its key. */
  @Test
  void aSamplingRatioOutsideZeroToOneFailsNamingTheKey() {
    for (String ratio : List.of("10", "-1", "NaN", "ten")) {
      Throwable fromEnv = catchThrowable(() -> new O11y.Builder(Map.of("OTEL_SERVICE_NAME", "orders",
          "OTEL_TRACES_SAMPLER", "parentbased_traceidratio", "OTEL_TRACES_SAMPLER_ARG", ratio)).resolve());
      assertThat(fromEnv).as(ratio).isInstanceOf(O11yConfigurationException.class)
          .hasMessageContaining("OTEL_TRACES_SAMPLER_ARG='" + ratio + "'").hasMessageContaining("0 to 1");
      assertThat(buildFailure(Map.of("otel.traces.sampler", "traceidratio", "otel.traces.sampler.arg", ratio)))
          .as(ratio).isInstanceOf(O11yConfigurationException.class).hasMessageContaining("otel.traces.sampler.arg");
    }
    assertThat(new O11y.Builder(Map.of("OTEL_SERVICE_NAME", "orders", "OTEL_TRACES_SAMPLER", "parentbased_traceidratio",
        "OTEL_TRACES_SAMPLER_ARG", "0.25")).resolve().serviceName()).isEqualTo("orders");
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
