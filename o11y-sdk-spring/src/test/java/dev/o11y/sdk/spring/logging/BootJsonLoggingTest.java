package dev.o11y.sdk.spring.logging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o11y.sdk.testing.CapturedLogs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * What a Boot application prints from its first line, each in a fresh JVM: logging is configured
 * once per JVM, so only a new one shows what a user's application does at startup.
 */
class BootJsonLoggingTest {

  private static final String PROBE = StartupLogProbe.class.getName();

  @TempDir
  Path dir;

  @Test
  void everyLineIsJsonFromBootsFirstAndLoggingLevelsApply() throws Exception {
    List<JsonNode> lines = json(run(List.of("-DO11Y_LOG_LEVEL=ERROR"), List.of("--logging.level.root=INFO",
        "--logging.level.probe.quiet=WARN", "--logging.level.probe.loud=DEBUG"), null));

    JsonNode first = lines.get(0);
    assertThat(first.get("logger_name").asString()).isEqualTo(PROBE);
    assertThat(first.get("message").asString()).startsWith("Starting StartupLogProbe");
    assertThat(messages(lines, "probe.quiet")).containsExactly("warn");
    assertThat(messages(lines, "probe.loud")).containsExactly("debug", "info", "warn");
    // logging.level.root wins over O11Y_LOG_LEVEL, as it did over the XML's root level
    assertThat(messages(lines, "probe.other")).containsExactly("info", "warn");
    // the stack trace as the SDK has always written it: without Boot's "~[jar:version]" per frame
    String stackTrace = lines.stream().filter(l -> l.get("logger_name").asString().equals("probe.failure"))
        .findFirst().orElseThrow().get("stack_trace").asString();
    assertThat(stackTrace).startsWith("java.lang.IllegalStateException: boom").contains("StartupLogProbe.main")
        .doesNotContain("~[", "[na:na]");
  }

  @Test
  void o11yLogLevelSetsTheRootAndTheConsoleThresholdStillFilters() throws Exception {
    List<JsonNode> lines = json(run(List.of("-DO11Y_LOG_LEVEL=WARN"),
        List.of("--logging.level.probe.loud=TRACE", "--logging.threshold.console=INFO"), null));

    assertThat(lines).noneMatch(l -> l.get("message").asString().startsWith("Starting"));
    assertThat(messages(lines, "probe.other")).containsExactly("warn");
    assertThat(messages(lines, "probe.loud")).containsExactly("info", "warn");
  }

  @Test
  void aBadO11yLogLevelIsReportedOnceAndInfoApplies() throws Exception {
    List<JsonNode> lines = json(run(List.of("-DO11Y_LOG_LEVEL=loud"), List.of(), null));

    assertThat(lines).filteredOn(l -> l.get("level").asString().equals("WARN")
        && l.get("message").asString().startsWith("O11Y_LOG_LEVEL=loud is not a log level")).hasSize(1);
    assertThat(messages(lines, "probe.other")).containsExactly("info", "warn");
  }

  @Test
  void anApplicationsOwnLogbackSpringXmlIsLeftAlone() throws Exception {
    Path resources = Files.createDirectories(dir.resolve("resources"));
    Files.writeString(resources.resolve("logback-spring.xml"), """
        <configuration>
          <appender name="PLAIN" class="ch.qos.logback.core.ConsoleAppender">
            <encoder><pattern>PLAIN %logger %msg%n</pattern></encoder>
          </appender>
          <root level="INFO"><appender-ref ref="PLAIN"/></root>
        </configuration>
        """);
    List<String> lines = run(List.of(), List.of(), resources);

    assertThat(lines).noneMatch(l -> l.startsWith("{"));
    assertThat(lines).anyMatch(l -> l.startsWith("PLAIN " + PROBE + " Starting StartupLogProbe"));
    assertThat(lines).contains("PLAIN probe.other info", "PLAIN probe.other warn");
  }

  @Test
  void bootsOwnStructuredConsoleFormatIsLeftAlone() throws Exception {
    List<JsonNode> lines = json(run(List.of(), List.of("--logging.structured.format.console=ecs"), null));

    // Boot's ECS lines, as the application asked: the SDK swapped no appender of Boot's for its own
    assertThat(lines).allMatch(l -> l.has("ecs") || l.has("ecs.version"));
    assertThat(lines).noneMatch(l -> l.has("logger_name"));
  }

  @Test
  void withTheSdkSwitchedOffBootLogsAsItWouldWithoutIt() throws Exception {
    List<String> lines = run(List.of(), List.of("--o11y.enabled=false"), null);

    assertThat(lines).noneMatch(l -> l.startsWith("{"));
    assertThat(lines).anyMatch(l -> l.contains(":: Spring Boot ::")); // the banner the SDK turns off is back
    // Boot's own console pattern: level, then the logger, then the message
    assertThat(lines).anyMatch(l -> l.matches(".*INFO .*StartupLogProbe\\s*: Starting StartupLogProbe.*"));
    assertThat(lines).anyMatch(l -> l.matches(".*WARN .*probe\\.other\\s*: warn"));
  }

  @Test
  void everyLineFromTheFirstCarriesTheServiceIdentityOfTheSpringEnvironment() throws Exception {
    List<JsonNode> lines = json(run(List.of(), List.of("--spring.application.name=probe-app",
        "--o11y.environment=staging", "--o11y.service-version=1.2.3"), null));

    assertThat(lines.get(0).get("message").asString()).startsWith("Starting StartupLogProbe");
    assertThat(lines).allSatisfy(line -> {
      assertThat(line.get("service").asString()).isEqualTo("probe-app");
      assertThat(line.get("env").asString()).isEqualTo("staging");
      assertThat(line.get("version").asString()).isEqualTo("1.2.3");
    });
  }

  @Test
  void theServiceIdentityFollowsTheSdksOwnPrecedenceFromTheFirstLine() throws Exception {
    List<JsonNode> lines = json(run(O11yAppProbe.class.getName(), List.of(),
        List.of("--spring.application.name=probe-app", "--o11y.service-name=orders"), null,
        Map.of("O11Y_ENV", "prod", "OTEL_RESOURCE_ATTRIBUTES", "service.version=4.5.6"), true));

    assertThat(lines.get(0).get("message").asString()).startsWith("Starting O11yAppProbe");
    assertThat(messages(lines, "probe.o11y")).singleElement().asString().startsWith("service=orders ");
    assertThat(lines).allSatisfy(line -> {
      assertThat(line.get("service").asString()).isEqualTo("orders");
      assertThat(line.get("env").asString()).isEqualTo("prod");
      assertThat(line.get("version").asString()).isEqualTo("4.5.6");
    });
  }

  @Test
  void aBadO11ySettingSeenBeforeTheContextExistsPrintsBootsFailureReportNamingTheKey() throws Exception {
    List<JsonNode> lines = json(run(PROBE, List.of(), List.of("--o11y.enabled=maybe"), null, Map.of(), false));

    assertFailureReport(lines, "o11y.enabled='maybe'");
  }

  @Test
  void aBadO11ySettingSeenByTheAutoConfigurationPrintsBootsFailureReportNamingTheKey() throws Exception {
    List<JsonNode> lines = json(run(O11yAppProbe.class.getName(), List.of(),
        List.of("--spring.application.name=probe-app", "--o11y.shutdown-timeout=0s"), null, Map.of(), false));

    assertFailureReport(lines, "o11y.shutdown-timeout");
  }

  /** Boot's report as one ERROR line, the key in its description, and no stack trace anywhere. */
  private static void assertFailureReport(List<JsonNode> lines, String key) {
    assertThat(lines).noneMatch(l -> l.has("stack_trace"));
    JsonNode report = lines.stream().filter(l -> l.get("message").asString().contains("APPLICATION FAILED TO START"))
        .findFirst().orElseThrow(() -> new AssertionError("no failure report in " + lines));
    assertThat(report.get("level").asString()).isEqualTo("ERROR");
    String message = report.get("message").asString();
    assertThat(message).contains("Description:", "Action:");
    assertThat(message.substring(message.indexOf("Description:"), message.indexOf("Action:"))).contains(key);
  }

  @Test
  void blankOpenTelemetryVariablesAndPropertiesCountAsUnset() throws Exception {
    // exported but empty, as a deployment template leaves them; a blank property does not hide a variable
    List<JsonNode> lines = json(run(O11yAppProbe.class.getName(), List.of(),
        List.of("--spring.application.name=probe-app", "--otel.service.name=", "--otel.exporter.otlp.endpoint="),
        null, Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9", "OTEL_SERVICE_NAME", "from-env",
            "OTEL_TRACES_SAMPLER", "", "OTEL_EXPORTER_OTLP_PROTOCOL", "", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", ""),
        true));

    assertThat(messages(lines, "probe.o11y"))
        .containsExactly("service=from-env endpoint=http://127.0.0.1:9 traces=http://127.0.0.1:9/v1/traces");
  }

  @Test
  void blankOpenTelemetryVariablesAloneLeaveTheDefaults() throws Exception {
    List<JsonNode> lines = json(run(O11yAppProbe.class.getName(), List.of(), List.of("--spring.application.name=probe-app"),
        null, Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "", "OTEL_SERVICE_NAME", " ", "OTEL_TRACES_SAMPLER", ""), true));

    assertThat(messages(lines, "probe.o11y")).containsExactly(
        "service=probe-app endpoint=http://localhost:4318 traces=http://localhost:4318/v1/traces");
  }

  /** The probe's stdout lines; {@code resources} goes first on its classpath. */
  private List<String> run(List<String> jvmOptions, List<String> args, Path resources) throws IOException,
      InterruptedException {
    return run(PROBE, jvmOptions, args, resources, Map.of(), true);
  }

  /**
   * The stdout lines of {@code probe} run with {@code args} and {@code variables} added to its
   * environment; {@code succeeds}: whether it must exit 0 or must fail.
   */
  private List<String> run(String probe, List<String> jvmOptions, List<String> args, Path resources,
      Map<String, String> variables, boolean succeeds) throws IOException, InterruptedException {
    String classpath = System.getProperty("java.class.path");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", resources == null ? classpath : resources + java.io.File.pathSeparator + classpath));
    command.addAll(jvmOptions);
    command.add(probe);
    command.addAll(args);
    Path out = dir.resolve("stdout.txt");
    Path err = dir.resolve("stderr.txt");
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("O11Y_") || name.startsWith("LOGGING_")
        || name.startsWith("OTEL_") || name.startsWith("SPRING_"));
    builder.environment().putAll(variables);
    Process process = builder.start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the probe did not exit within 120 s; stderr: " + Files.readString(err));
    }
    String stderr = Files.readString(err);
    if (succeeds) {
      assertThat(process.exitValue()).as("exit code; stderr: %s", stderr).isZero();
    } else {
      assertThat(process.exitValue()).as("exit code; stderr: %s", stderr).isNotZero();
    }
    return Files.readAllLines(out, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
  }

  private static List<JsonNode> json(List<String> lines) {
    assertThat(lines).isNotEmpty();
    return lines.stream().map(CapturedLogs::parse).toList();
  }

  private static List<String> messages(List<JsonNode> lines, String logger) {
    return lines.stream().filter(l -> l.get("logger_name").asString().equals(logger))
        .map(l -> l.get("message").asString()).toList();
  }
}
