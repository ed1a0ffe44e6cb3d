package dev.o11y.sdk.spring.internal;

import dev.o11y.sdk.O11y;
import dev.o11y.sdk.internal.NonBlank;
import dev.o11y.sdk.internal.SdkInternals;
import dev.o11y.sdk.internal.ServiceIdentity;
import dev.o11y.sdk.internal.tracing.TracingFactory;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The service, environment and version of a Spring application, one reading for the {@code O11y}
 * bean and for the log lines Boot writes before that bean exists.
 */
public final class SpringServiceIdentity {

  private SpringServiceIdentity() {}

  /**
   * {@code o11y.service-name}, else {@code otel.service.name} (also {@code OTEL_SERVICE_NAME}, through
   * Boot's relaxed names), else {@code spring.application.name}; null when none is set.
   */
  public static String serviceName(String configured, Map<String, String> otelProperties, Environment environment) {
    return NonBlank.first(configured, otelProperties.get(TracingFactory.SERVICE_NAME_KEY),
        environment.getProperty("spring.application.name"));
  }

  /**
   * What {@code O11yAutoConfiguration}'s {@code O11y} will be built with, read from the environment
   * alone (no properties bean exists yet): its {@code o11y.*} settings, then the SDK's own fallbacks
   * ({@code O11Y_ENV}, {@code O11Y_VERSION}, {@code OTEL_RESOURCE_ATTRIBUTES}).
   */
  static ServiceIdentity resolve(Environment environment) {
    Binder binder = Binder.get(environment);
    Map<String, String> otel = EnvironmentOtelProperties.of(environment);
    O11y.Builder builder = O11y.builder().otelProperties(otel);
    String name = serviceName(string(binder, "o11y.service-name"), otel, environment);
    if (name != null) {
      builder.serviceName(name);
    }
    builder.serviceVersion(string(binder, "o11y.service-version"));
    builder.environment(string(binder, "o11y.environment"));
    return SdkInternals.serviceIdentity(builder);
  }

  private static String string(Binder binder, String key) {
    return binder.bind(key, String.class).orElse(null);
  }
}
