package dev.o11y.sdk.spring.internal;

import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * Every {@code otel.*} setting the Spring {@code Environment} holds, as OpenTelemetry's SDK
 * configuration: application.properties/yaml, profiles, command-line arguments, system properties
 * and {@code OTEL_*} variables alike. Each value is bound by Boot, so precedence, relaxed names
 * ({@code OTEL_TRACES_SAMPLER}) and {@code ${...}} placeholders are Boot's.
 */
public final class EnvironmentOtelProperties {

  private static final ConfigurationPropertyName OTEL = ConfigurationPropertyName.of("otel");

  private EnvironmentOtelProperties() {}

  /** Keys as OpenTelemetry spells them ({@code otel.traces.sampler}); lists joined with commas. */
  public static Map<String, String> of(Environment environment) {
    Binder binder = Binder.get(environment);
    Map<String, String> properties = new TreeMap<>();
    for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
      if (source instanceof IterableConfigurationPropertySource iterable) {
        iterable.filter(OTEL::isAncestorOf).stream().forEach(name -> {
          // a YAML list (otel.propagators: [tracecontext, baggage]) arrives as otel.propagators[0], [1]..
          ConfigurationPropertyName key = name.isLastElementIndexed() ? name.getParent() : name;
          properties.computeIfAbsent(key.toString(), unused -> value(binder, key));
        });
      }
    }
    return properties;
  }

  private static String value(Binder binder, ConfigurationPropertyName key) {
    return binder.bind(key, Bindable.of(String.class))
        .orElseGet(() -> binder.bind(key, Bindable.listOf(String.class)).map(list -> String.join(",", list)).orElse(null));
  }
}
