package dev.o11y.sdk.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ByteArrayResource;

class EnvironmentOtelPropertiesTest {

  @Test
  void variablesInAnyOfTheirFormsOutrankApplicationPropertiesAndComeOutUnderOpenTelemetrysKeys() {
    StandardEnvironment environment = environment(
        Map.of("OTEL_TRACES_SAMPLER", "always_off", "otel_bsp_schedule_delay", "50"),
        Map.of("otel.traces.sampler", "always_on", "otel.traces.sampler.arg", "0.1", "other.key", "x"));

    assertThat(EnvironmentOtelProperties.of(environment)).isEqualTo(Map.of(
        "otel.traces.sampler", "always_off",
        "otel.traces.sampler.arg", "0.1",
        "otel.bsp.schedule.delay", "50"));
  }

  @Test
  void placeholdersResolveAndYamlListsBecomeOpenTelemetrysCommaSeparatedValues() throws Exception {
    StandardEnvironment environment = environment(Map.of(),
        Map.of("otel.exporter.otlp.headers", "api-key=${collector.key}", "collector.key", "k1"));
    List<PropertySource<?>> yaml = new YamlPropertySourceLoader().load("application.yml", new ByteArrayResource("""
        otel:
          propagators: [tracecontext, baggage, b3]
          resource:
            attributes: deployment.region=eu1
        """.getBytes()));
    yaml.forEach(environment.getPropertySources()::addLast);

    assertThat(EnvironmentOtelProperties.of(environment)).isEqualTo(Map.of(
        "otel.exporter.otlp.headers", "api-key=k1",
        "otel.propagators", "tracecontext,baggage,b3",
        "otel.resource.attributes", "deployment.region=eu1"));
  }

  /** {@code OTEL_EXPORTER_OTLP_ENDPOINT=} exported empty, or {@code otel.service.name=}: unset, not "". */
  @Test
  void blankValuesCountAsUnsetSoALowerSourceGivesTheValue() {
    StandardEnvironment environment = environment(
        Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "", "OTEL_SERVICE_NAME", "from-env", "OTEL_TRACES_SAMPLER", " "),
        Map.of("otel.exporter.otlp.endpoint", "http://collector:4318", "otel.service.name", ""));

    assertThat(EnvironmentOtelProperties.of(environment)).isEqualTo(Map.of(
        "otel.exporter.otlp.endpoint", "http://collector:4318",
        "otel.service.name", "from-env"));
  }

  private static StandardEnvironment environment(Map<String, Object> variables, Map<String, Object> application) {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
        new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
    environment.getPropertySources().addLast(new MapPropertySource("application.properties", application));
    ConfigurationPropertySources.attach(environment);
    return environment;
  }
}
