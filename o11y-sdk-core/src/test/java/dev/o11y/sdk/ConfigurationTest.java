package dev.o11y.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigurationTest {

  @Test
  void environmentSuppliesDefaultsAndTheBuilderOverridesThem() {
    Map<String, String> env = Map.of("OTEL_SERVICE_NAME", "orders", "O11Y_ENV", "prod",
        "O11Y_VERSION", "9.9.9", "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318");
    O11y.Settings fromEnv = new O11y.Builder(env).resolve();
    assertThat(fromEnv.serviceName()).isEqualTo("orders");
    assertThat(fromEnv.environment()).isEqualTo("prod");
    assertThat(fromEnv.serviceVersion()).isEqualTo("9.9.9");
    assertThat(fromEnv.otlpEndpoint()).isEqualTo("http://collector:4318");

    O11y.Settings overridden = new O11y.Builder(env).serviceName("payments").environment("stage")
        .otlpEndpoint("none").resolve();
    assertThat(overridden.serviceName()).isEqualTo("payments");
    assertThat(overridden.environment()).isEqualTo("stage");
    assertThat(overridden.otlpEndpoint()).isNull();
  }

  @Test
  void defaultsWithoutEnvironment() {
    O11y.Settings settings = new O11y.Builder(Map.of()).serviceName("orders").resolve();
    assertThat(settings.otlpEndpoint()).isEqualTo("http://localhost:4318");
    assertThat(settings.environment()).isEqualTo("unknown");
    assertThat(settings.seriesLimit()).isEqualTo(1000);
  }

  @Test
  void missingServiceNameNamesBothWaysToSetIt() {
    assertThatThrownBy(() -> new O11y.Builder(Map.of()).resolve())
        .isInstanceOf(O11yConfigurationException.class)
        .hasMessageContaining("serviceName").hasMessageContaining("OTEL_SERVICE_NAME");
  }

  @Test
  void badEndpointNamesTheKeyItCameFrom() {
    assertThatThrownBy(() -> new O11y.Builder(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4318"))
        .serviceName("x").resolve())
        .isInstanceOf(O11yConfigurationException.class)
        .hasMessageContaining("OTEL_EXPORTER_OTLP_ENDPOINT='collector:4318'");
    assertThatThrownBy(() -> new O11y.Builder(Map.of()).serviceName("x").otlpEndpoint("ftp://x").resolve())
        .isInstanceOf(O11yConfigurationException.class).hasMessageContaining("otlpEndpoint='ftp://x'");
    assertThatThrownBy(() -> new O11y.Builder(Map.of()).serviceName("x").seriesLimit(0).resolve())
        .isInstanceOf(O11yConfigurationException.class).hasMessageContaining("seriesLimit");
  }

  /** The message reaches Boot's failure report and logs: a rejected URL is quoted without its credentials. */
  @Test
  void aRejectedUrlIsQuotedWithoutItsUserAndPassword() {
    assertThatThrownBy(() -> new O11y.Builder(Map.of()).serviceName("x").otlpEndpoint("ftp://shop:s3cret@collector:4318").resolve())
        .hasMessageContaining("otlpEndpoint='ftp://collector:4318'").hasMessageNotContaining("s3cret");
    assertThatThrownBy(() -> new O11y.Builder(Map.of("O11Y_PROFILING_URL", "shop:s3cret@pyroscope:4040")).serviceName("x").resolve())
        .hasMessageContaining("O11Y_PROFILING_URL='pyroscope:4040'").hasMessageNotContaining("s3cret");
    // a token pasted without percent-encoding: no host to java.net.URI, so rejected, and still not quoted
    assertThatThrownBy(() -> new O11y.Builder(Map.of("O11Y_PROFILING_URL", "https://123456:glc_abc/def@127.0.0.1:9"))
        .serviceName("x").resolve())
        .hasMessageContaining("O11Y_PROFILING_URL='https://127.0.0.1:9'").hasMessageNotContaining("glc_abc");
  }

  @Test
  void shutdownTimeoutDefaultsToTwoSecondsComesFromTheEnvironmentAndTheBuilderOverridesIt() {
    assertThat(new O11y.Builder(Map.of()).serviceName("x").resolve().shutdownTimeout())
        .isEqualTo(Duration.ofSeconds(2));
    Map<String, String> env = Map.of("O11Y_SHUTDOWN_TIMEOUT", "500ms");
    assertThat(new O11y.Builder(env).serviceName("x").resolve().shutdownTimeout())
        .isEqualTo(Duration.ofMillis(500));
    assertThat(new O11y.Builder(env).serviceName("x").shutdownTimeout(Duration.ofSeconds(5)).resolve()
        .shutdownTimeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void badShutdownTimeoutsNameTheKeyTheyCameFrom() {
    for (Duration bad : List.of(Duration.ZERO, Duration.ofSeconds(-1),
        Duration.ofMinutes(11))) {
      assertThatThrownBy(() -> new O11y.Builder(Map.of()).serviceName("x").shutdownTimeout(bad).resolve())
          .isInstanceOf(O11yConfigurationException.class).hasMessageContaining("shutdownTimeout");
    }
    for (String bad : List.of("soon", "0s", "-1s", "1h")) {
      assertThatThrownBy(() -> new O11y.Builder(Map.of("O11Y_SHUTDOWN_TIMEOUT", bad)).serviceName("x").resolve())
          .as("O11Y_SHUTDOWN_TIMEOUT=%s", bad)
          .isInstanceOf(O11yConfigurationException.class).hasMessageContaining("O11Y_SHUTDOWN_TIMEOUT");
    }
  }

  /** A caller filling the builder from its own configuration gets its keys named; variables keep theirs. */
  @Test
  void settingKeysNameTheCallersKeysInsteadOfTheSetters() {
    Map<String, String> keys = Map.of("shutdownTimeout", "app.shutdown", "seriesLimit", "app.series");
    assertThatThrownBy(() -> new O11y.Builder(Map.of()).settingKeys(keys).serviceName("x")
        .shutdownTimeout(Duration.ZERO).resolve())
        .isInstanceOf(O11yConfigurationException.class).hasMessageStartingWith("app.shutdown 0s is out of range");
    assertThatThrownBy(() -> new O11y.Builder(Map.of()).settingKeys(keys).serviceName("x").seriesLimit(0).resolve())
        .isInstanceOf(O11yConfigurationException.class).hasMessageStartingWith("app.series=0 must be at least 1");
    assertThatThrownBy(() -> new O11y.Builder(Map.of("O11Y_SHUTDOWN_TIMEOUT", "0s")).settingKeys(keys)
        .serviceName("x").resolve())
        .isInstanceOf(O11yConfigurationException.class)
        .hasMessage("O11Y_SHUTDOWN_TIMEOUT 0s is out of range: use 1ms to 10m, e.g. \"2s\" (the default)");
    assertThatThrownBy(() -> new O11y.Builder(Map.of("O11Y_SHUTDOWN_TIMEOUT", "abc")).serviceName("x").resolve())
        .isInstanceOf(O11yConfigurationException.class)
        .hasMessageStartingWith("O11Y_SHUTDOWN_TIMEOUT: 'abc' is not a duration; write it like");
    assertThatThrownBy(() -> new O11y.Builder(Map.of("O11Y_PROFILING_URL", "http://pyroscope:4040",
        "O11Y_PROFILING_UPLOAD_INTERVAL", "500ms")).serviceName("x").resolve())
        .isInstanceOf(O11yConfigurationException.class)
        .hasMessage("O11Y_PROFILING_UPLOAD_INTERVAL 500ms is below the 1s minimum");
    // checked before anything starts (it used to be found when the profiler started, after the tracing SDK)
    assertThatThrownBy(() -> new O11y.Builder(Map.of("O11Y_PROFILING_URL", "http://pyroscope:4040",
        "O11Y_PROFILING_EVENT", "cycles")).serviceName("x").resolve())
        .isInstanceOf(O11yConfigurationException.class).hasMessageStartingWith("O11Y_PROFILING_EVENT='cycles'");
    assertThatThrownBy(() -> new O11y.Builder(Map.of("O11Y_PROFILING_URL", "http://pyroscope:4040"))
        .settingKeys(Map.of("profilingEvent", "app.profiling.event")).profilingEvent("cycles").serviceName("x").resolve())
        .isInstanceOf(O11yConfigurationException.class).hasMessageStartingWith("app.profiling.event='cycles'");
  }

  interface Payments {
    void pay();
  }

  static final class BadRate implements Payments {
    @Override
    @Monitored(slo = @Slo(successRate = 100))
    public void pay() {}
  }

  static final class BadLatency implements Payments {
    @Override
    @Monitored(slo = @Slo(latency = "fast"))
    public void pay() {}
  }

  @Test
  void invalidSloFailsWhenInstrumentingAndNamesTheMethod() {
    try (O11y o11y = O11y.builder().serviceName("x").otlpEndpoint("none").build()) {
      assertThatThrownBy(() -> o11y.instrument(Payments.class, new BadRate()))
          .isInstanceOf(O11yConfigurationException.class)
          .hasMessageContaining(BadRate.class.getName() + ".pay()")
          .hasMessageContaining("successRate");
      assertThatThrownBy(() -> o11y.instrument(Payments.class, new BadLatency()))
          .isInstanceOf(O11yConfigurationException.class)
          .hasMessageContaining(BadLatency.class.getName() + ".pay()")
          .hasMessageContaining("'fast'");
    }
  }

  interface Refunds {
    @Monitored(slo = @Slo(successRate = 100.5))
    void refund();
  }

  /** A lambda's class name points nowhere a reader can look: the message names the interface method. */
  @Test
  void invalidSloOnAnInterfaceImplementedByALambdaNamesTheInterfaceMethod() {
    try (O11y o11y = O11y.builder().serviceName("x").otlpEndpoint("none").build()) {
      assertThatThrownBy(() -> o11y.instrument(Refunds.class, () -> { }))
          .isInstanceOf(O11yConfigurationException.class)
          .hasMessageContaining("on " + Refunds.class.getName() + ".refund()")
          .hasMessageNotContaining("Lambda");
    }
  }

  @Test
  void latencyStringsParse() {
    assertThat(dev.o11y.sdk.internal.Objectives.parseLatency("300ms", "t").toMillis()).isEqualTo(300);
    assertThat(dev.o11y.sdk.internal.Objectives.parseLatency("1.5s", "t").toMillis()).isEqualTo(1500);
    assertThat(dev.o11y.sdk.internal.Objectives.parseLatency("250us", "t").toNanos()).isEqualTo(250_000);
    assertThat(dev.o11y.sdk.internal.Objectives.parseLatency("2m", "t").toSeconds()).isEqualTo(120);
  }
}
