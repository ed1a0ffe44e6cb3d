package dev.o11y.sdk.internal.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import dev.o11y.sdk.testing.CapturedLogs;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What a fresh logback context looks like after the SDK's configurator, for values of O11Y_LOG_LEVEL. */
class O11yLogbackConfiguratorTest {

  @AfterEach
  void clear() {
    System.clearProperty(O11yJsonAppender.LEVEL_VARIABLE);
  }

  @Test
  void attachesTheJsonAppenderToTheRootAtTheLevelO11yLogLevelNames() {
    System.setProperty(O11yJsonAppender.LEVEL_VARIABLE, " debug ");
    LoggerContext context = freshContext();
    List<JsonNode> lines;
    try (CapturedLogs logs = CapturedLogs.start()) {
      assertThat(new O11yLogbackConfigurator().configure(context)).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
      context.getLogger("shop").debug("priced cart {}", "k-1");
      lines = logs.json();
    }
    assertThat(root(context).getLevel()).isEqualTo(Level.DEBUG);
    assertThat(lines).singleElement().satisfies(line -> {
      assertThat(line.get("level").asString()).isEqualTo("DEBUG");
      assertThat(line.get("message").asString()).isEqualTo("priced cart k-1");
    });
  }

  @Test
  void aBlankLevelMeansInfo() {
    System.setProperty(O11yJsonAppender.LEVEL_VARIABLE, " ");
    LoggerContext context = freshContext();
    new O11yLogbackConfigurator().configure(context);
    assertThat(root(context).getLevel()).isEqualTo(Level.INFO);
  }

  @Test
  void aValueThatIsNoLevelMeansInfoAndSaysSoInAJsonLine() {
    System.setProperty(O11yJsonAppender.LEVEL_VARIABLE, "verbose");
    LoggerContext context = freshContext();
    List<JsonNode> lines;
    try (CapturedLogs logs = CapturedLogs.start()) {
      new O11yLogbackConfigurator().configure(context);
      context.getLogger("shop").debug("not written at INFO");
      lines = logs.json();
    }
    assertThat(root(context).getLevel()).isEqualTo(Level.INFO);
    assertThat(lines).singleElement().satisfies(line -> {
      assertThat(line.get("level").asString()).isEqualTo("WARN");
      assertThat(line.get("message").asString()).startsWith("O11Y_LOG_LEVEL=verbose is not a log level");
    });
  }

  /** As logback's service provider hands it to the configurators: with an MDC adapter, unconfigured. */
  private static LoggerContext freshContext() {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    return context;
  }

  private static Logger root(LoggerContext context) {
    return context.getLogger(Logger.ROOT_LOGGER_NAME);
  }
}
