package dev.o11y.sdk.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpServer;
import dev.o11y.sdk.O11y;
import dev.o11y.sdk.O11yConfigurationException;
import dev.o11y.sdk.spring.internal.SelfCheck;
import dev.o11y.sdk.spring.otelapp.OtelPropertiesApp;
import dev.o11y.sdk.testing.CapturedLogs;
import dev.o11y.sdk.testing.OtlpReceiver;
import dev.o11y.sdk.testing.PrometheusScrape;
import dev.o11y.sdk.testing.ReceivedSpan;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * {@code otel.*} in a Boot application's own configuration reaches the OpenTelemetry SDK, ranked as
 * Boot ranks every property. Each test starts the application from its profile file
 * ({@code application-otel-*.properties}) and reads what the SDK exported.
 */
class OtelPropertiesTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String REGION = "otel.resource.attributes";

  private OtlpReceiver receiver;
  /** {@code o11y.otlp-endpoint}: the receiver, unless a test needs another collector or none set. */
  private String collector;

  @BeforeEach
  void startReceiver() {
    receiver = OtlpReceiver.start();
    collector = receiver.endpoint();
  }

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  @Test
  void samplerInApplicationPropertiesTurnsSpansOffWhileMetricsAreStillRecorded() {
    try (ConfigurableApplicationContext app = start(Map.of(), "otel-sampler-off")) {
      greet(app, 3);
      flush(app);

      assertThat(receiver.spans()).isEmpty();
      PrometheusScrape metrics = PrometheusScrape.parse(app.getBean(O11y.class).scrape());
      assertThat(metrics.value("o11y_operation_duration_seconds_count",
          Map.of("operation", "Greeter.greet", "result", "ok"))).isEqualTo(3);
    }
  }

  @Test
  void resourceAttributesInApplicationPropertiesAreOnTheExportedSpans() {
    assertThat(regionOnExportedSpan(Map.of())).isEqualTo("eu1");
  }

  @Test
  void theStandardOtlpEndpointKeyAmongBootsPropertiesIsWhereSpansGo() {
    String endpoint = receiver.endpoint();
    collector = null;
    try (ConfigurableApplicationContext app =
        start(Map.of(), "otel-region", "--otel.exporter.otlp.endpoint=" + endpoint)) {
      assertThat(app.getBean(O11y.class).otlpEndpoint()).isEqualTo(endpoint);
      assertThat(app.getBean(O11y.class).otlpTracesUrl()).isEqualTo(endpoint + "/v1/traces"); // what /actuator/o11y probes
      greet(app, 1);
      flush(app);
      assertThat(receiver.awaitSpan("Greeter.greet", WAIT).resource()).containsEntry("service.name", "otel-app");
    }
  }

  @Test
  void bootsOrderDecides_environmentVariableThenSystemPropertyThenCommandLine() {
    // the variable's name as a container sets it; Boot finds it for otel.resource.attributes
    Map<String, String> withVariable = Map.of("OTEL_RESOURCE_ATTRIBUTES", "deployment.region=from-variable");
    assertThat(regionOnExportedSpan(withVariable)).isEqualTo("from-variable");

    String before = System.setProperty(REGION, "deployment.region=from-system-property");
    try {
      assertThat(regionOnExportedSpan(withVariable)).isEqualTo("from-system-property");
      assertThat(regionOnExportedSpan(withVariable, "--" + REGION + "=deployment.region=from-command-line"))
          .isEqualTo("from-command-line");
    } finally {
      restore(REGION, before);
    }
  }

  @Test
  void aBadValueInApplicationPropertiesFailsStartupNamingTheKeyAsASystemPropertyDoes() {
    Throwable fromFile = startupFailure("otel-bad-sampler");
    assertThat(fromFile).hasMessageContaining("otel.traces.sampler").hasMessageContaining("bogus");

    String before = System.setProperty("otel.traces.sampler", "bogus");
    try {
      assertThat(startupFailure("default")).hasMessage(fromFile.getMessage());
    } finally {
      restore("otel.traces.sampler", before);
    }
    assertThat(startupFailure("otel-bad-delay")).hasMessageContaining("otel.bsp.schedule.delay=abc");
  }

  @Test
  void anOtlpHeaderFromApplicationPropertiesReachesTheCollectorButNoLogLine() throws Exception {
    String secret = "Zq8f7sEcReTvAlUe";
    HttpServer headerCollector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    BlockingQueue<String> apiKeys = new LinkedBlockingQueue<>();
    headerCollector.createContext("/", exchange -> {
      apiKeys.add(String.valueOf(exchange.getRequestHeaders().getFirst("x-honeycomb-team")));
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    headerCollector.start();
    collector = "http://127.0.0.1:" + headerCollector.getAddress().getPort();
    CapturedLogs logs = CapturedLogs.start();
    try {
      try (ConfigurableApplicationContext app = start(Map.of(), "otel-headers")) {
        greet(app, 1);
        flush(app);
        assertThat(apiKeys.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(secret);
        assertThat(app.getBean(SelfCheck.class).run().toString()).doesNotContain(secret);
      }
      // a header OpenTelemetry cannot parse: its error quotes the value, and Boot logs the error
      Throwable failure = catchThrowable(() -> start(Map.of(), "otel-headers",
          "--otel.exporter.otlp.headers=x-honeycomb-team:" + secret).close());
      assertThat(o11yError(failure)).hasMessageContaining("otel.exporter.otlp.headers");
      for (Throwable t = failure; t != null; t = t.getCause()) {
        assertThat(String.valueOf(t.getMessage())).doesNotContain(secret);
      }
    } finally {
      logs.close();
      headerCollector.stop(0);
    }
    assertThat(logs.raw()).contains("\"message\":\"Started ", "otel.exporter.otlp.headers")
        .doesNotContain(secret);
  }

  private String regionOnExportedSpan(Map<String, String> variables, String... args) {
    receiver.clear();
    try (ConfigurableApplicationContext app = start(variables, "otel-region", args)) {
      greet(app, 1);
      flush(app);
      ReceivedSpan span = receiver.awaitSpan("Greeter.greet", WAIT);
      return String.valueOf(span.resource().get("deployment.region"));
    }
  }

  /**
   * Starts the application with the profile's properties file, command-line {@code args} and, when
   * {@code variables} is not empty, those environment variables in place of the process's.
   */
  private ConfigurableApplicationContext start(Map<String, String> variables, String profile, String... args) {
    List<String> arguments = new ArrayList<>(List.of("--spring.application.name=otel-app"));
    if (collector != null) {
      arguments.add("--o11y.otlp-endpoint=" + collector);
    }
    arguments.addAll(List.of(args));
    SpringApplicationBuilder application = new SpringApplicationBuilder(OtelPropertiesApp.class)
        .web(WebApplicationType.NONE)
        .profiles(profile);
    if (!variables.isEmpty()) {
      StandardEnvironment environment = new StandardEnvironment();
      environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
          new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
              Map.<String, Object>copyOf(variables)));
      application.environment(environment);
    }
    return application.run(arguments.toArray(String[]::new));
  }

  private Throwable startupFailure(String profile) {
    return o11yError(catchThrowable(() -> start(Map.of(), profile).close()));
  }

  /** The SDK's own exception inside Boot's bean creation failure. */
  private static Throwable o11yError(Throwable failure) {
    assertThat(failure).as("startup failure").isNotNull();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof O11yConfigurationException) {
        return t;
      }
    }
    throw new AssertionError("no O11yConfigurationException in the cause chain", failure);
  }

  private static void greet(ConfigurableApplicationContext app, int times) {
    OtelPropertiesApp.Greeter greeter = app.getBean(OtelPropertiesApp.Greeter.class);
    for (int i = 0; i < times; i++) {
      greeter.greet("angler " + i);
    }
  }

  private static void flush(ConfigurableApplicationContext app) {
    OpenTelemetrySdk sdk = (OpenTelemetrySdk) app.getBean(O11y.class).openTelemetry();
    assertThat(sdk.getSdkTracerProvider().forceFlush().join(WAIT.toSeconds(), TimeUnit.SECONDS).isSuccess())
        .isTrue();
  }

  private static void restore(String key, String value) {
    if (value == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, value);
    }
  }
}
