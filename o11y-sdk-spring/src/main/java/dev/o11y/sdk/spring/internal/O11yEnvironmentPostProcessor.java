package dev.o11y.sdk.spring.internal;

import dev.o11y.sdk.internal.ServiceIdentity;
import dev.o11y.sdk.internal.logging.LogFields;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Defaults that make "add one dependency" true, added last so any application setting wins:
 * the actuator endpoints exposed, exemplars only where Prometheus 2.4x accepts them, Boot's own
 * {@code http_server_requests_seconds} off in Spring MVC apps (ours replaces it; set
 * {@code management.observations.enable.http.server.requests=true} to keep both), and no banner
 * where {@link JsonLogbackLoggingSystem} writes JSON logs: the banner is not a JSON line. It also
 * hands the service's identity to the JSON log lines before Boot writes its first. With {@code
 * o11y.enabled=false} it loads nothing of the SDK and leaves logging and the banner alone.
 */
public final class O11yEnvironmentPostProcessor implements EnvironmentPostProcessor {

  static final String SOURCE = "o11y-sdk-defaults";

  /** What the SDK's HTTP server filter needs ({@code O11yAutoConfiguration.ServletServer}). */
  public static final String DISPATCHER_SERVLET = "org.springframework.web.servlet.DispatcherServlet";

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    boolean enabled = O11yEnabledCondition.isEnabled(environment); // first: a bad value fails any app
    if (enabled) {
      // load the SDK class now: its static initialiser must wrap OTel's context storage before first use
      loadSdk();
      // Boot's first log line comes before the O11y bean: it must already name the service
      ServiceIdentity identity = SpringServiceIdentity.resolve(environment);
      LogFields.startWith(identity.service(), identity.environment(), identity.version());
    }
    Map<String, Object> defaults = new HashMap<>();
    defaults.put("management.endpoints.web.exposure.include", "health,prometheus,o11y");
    defaults.put("management.prometheus.metrics.export.properties[io.prometheus.exporter.exemplarsOnAllMetricTypes]", "false");
    // where the SDK's filter will run, as O11yAutoConfiguration.ServletServer decides it; a servlet
    // app without Spring MVC (Jersey) keeps Boot's timer, the only one it has
    if (enabled && application.getWebApplicationType() == WebApplicationType.SERVLET
        && ClassUtils.isPresent(DISPATCHER_SERVLET, application.getClassLoader())) {
      // our filter already times every request as http_server_request_duration_seconds; Boot's
      // observation would time it again (a long-task timer, a sorted tag set and a timer per request)
      defaults.put(IdleObservationFilterDisabler.BOOT_SERVER_OBSERVATION, "false");
    }
    if (JsonLogbackLoggingSystem.configuresLogging(environment)) {
      defaults.put("spring.main.banner-mode", "off"); // the ASCII banner is not a JSON line
    }
    environment.getPropertySources().addLast(new MapPropertySource(SOURCE, defaults));
  }

  private static void loadSdk() {
    try {
      Class.forName("dev.o11y.sdk.O11y", true, O11yEnvironmentPostProcessor.class.getClassLoader());
    } catch (ClassNotFoundException impossible) {
      throw new IllegalStateException("o11y-sdk-core is missing from the classpath", impossible);
    }
  }
}
