package dev.o11y.sdk.spring.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PlaceholdersResolver;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
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

  /**
   * Keys as OpenTelemetry spells them ({@code otel.traces.sampler}); lists joined with commas. A
   * blank value ({@code OTEL_EXPORTER_OTLP_ENDPOINT=} exported empty, {@code otel.service.name=})
   * counts as unset: the next source down that has a value gives it, else the key is left out.
   */
  public static Map<String, String> of(Environment environment) {
    List<ConfigurationPropertySource> sources = new ArrayList<>();
    ConfigurationPropertySources.get(environment).forEach(sources::add);
    PlaceholdersResolver placeholders = new PropertySourcesPlaceholdersResolver(environment);
    Map<String, String> properties = new TreeMap<>();
    Set<ConfigurationPropertyName> seen = new HashSet<>();
    for (ConfigurationPropertySource source : sources) {
      if (source instanceof IterableConfigurationPropertySource iterable) {
        iterable.filter(OTEL::isAncestorOf).stream().forEach(name -> {
          // a YAML list (otel.propagators: [tracecontext, baggage]) arrives as otel.propagators[0], [1]..
          ConfigurationPropertyName key = name.isLastElementIndexed() ? name.getParent() : name;
          if (seen.add(key)) {
            String value = firstNonBlank(sources, placeholders, key);
            if (value != null) {
              properties.put(key.toString(), value);
            }
          }
        });
      }
    }
    return properties;
  }

  /** The value of the highest-ranked source that has a non-blank one, bound by Boot. */
  private static String firstNonBlank(List<ConfigurationPropertySource> sources, PlaceholdersResolver placeholders,
      ConfigurationPropertyName key) {
    for (ConfigurationPropertySource source : sources) {
      String value = value(new Binder(List.of(source), placeholders), key);
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }

  private static String value(Binder binder, ConfigurationPropertyName key) {
    return binder.bind(key, Bindable.of(String.class))
        .orElseGet(() -> binder.bind(key, Bindable.listOf(String.class)).map(list -> String.join(",", list)).orElse(null));
  }
}
