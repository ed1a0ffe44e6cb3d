package dev.o11y.sdk.spring.internal;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import dev.o11y.sdk.internal.logging.O11yJsonAppender;
import dev.o11y.sdk.internal.logging.O11yLogbackConfigurator;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.LoggerFactory;
import org.springframework.boot.logging.LogFile;
import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.logging.LoggingSystemFactory;
import org.springframework.boot.logging.logback.LogbackLoggingSystem;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Boot's logback system with the SDK's JSON console. Boot configures logback in code when the
 * application has no logback file ({@code loadDefaults}); this swaps the console appender of those
 * defaults for the SDK's, before Boot lifts its suppression of logging and before it applies
 * {@code logging.level.*}, so every Boot line is JSON and {@code logging.*} keeps working. Pointing
 * {@code logging.config} at the SDK's XML instead would load logback's XML configurator and the
 * JDK's XML parser (~300 classes). An application with its own logback file, or
 * {@code logging.config}, never reaches {@code loadDefaults}: Boot loads its file as always.
 */
public final class JsonLogbackLoggingSystem extends LogbackLoggingSystem {

  /** Boot's names for an application's logback file, beyond logback's own. */
  private static final String[] BOOT_LOGBACK_FILES = {"logback-spring.xml", "logback-test-spring.xml"};
  private static final String BOOT_STRUCTURED_CONSOLE = "logging.structured.format.console";

  public JsonLogbackLoggingSystem(ClassLoader classLoader) {
    super(classLoader);
  }

  /**
   * Whether the SDK configures logging: not switched off ({@code o11y.enabled=false} leaves Boot's
   * logging exactly as it would be without the SDK), no logback file of the application's, no {@code
   * logging.config}, and no structured console format of Boot's ({@code
   * logging.structured.format.console=ecs|logstash|gelf}), which is the application asking for Boot's
   * JSON lines instead of the SDK's.
   */
  static boolean configuresLogging(Environment environment) {
    return !O11yEnabledCondition.isSwitchedOff(environment)
        && !StringUtils.hasText(environment.getProperty("logging.config"))
        && !StringUtils.hasText(environment.getProperty(BOOT_STRUCTURED_CONSOLE))
        && !O11yLogbackConfigurator.applicationHasOwnConfiguration(BOOT_LOGBACK_FILES);
  }

  @Override
  protected void loadDefaults(LoggingInitializationContext initializationContext, LogFile logFile) {
    super.loadDefaults(initializationContext, logFile);
    // reached without a file or logging.config, but Boot ignores logback.configurationFile (and
    // says so) where the SDK steps aside for it
    if (!configuresLogging(initializationContext.getEnvironment())) {
      return;
    }
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    ConsoleAppender<ILoggingEvent> json = O11yJsonAppender.create(context);
    for (ConsoleAppender<ILoggingEvent> console : consoleAppenders(root)) {
      console.getCopyOfAttachedFiltersList().forEach(json::addFilter); // logging.threshold.console
      root.detachAppender(console);
      console.stop();
    }
    root.addAppender(json); // a file appender from logging.file.name stays as Boot made it
    // Boot's defaults add each frame's jar and version to stack traces, looked up per frame; the
    // SDK's stack_trace has never carried them, and a line with an exception costs enough as it is
    context.setPackagingDataEnabled(false);
    // the root level as the XML had it; logging.level.root, applied by Boot after this, still wins.
    // A bad O11Y_LOG_LEVEL was reported once already, when logback configured itself on first use.
    O11yJsonAppender.applyRootLevel(context);
  }

  private static List<ConsoleAppender<ILoggingEvent>> consoleAppenders(Logger root) {
    List<ConsoleAppender<ILoggingEvent>> consoles = new ArrayList<>();
    for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
      if (it.next() instanceof ConsoleAppender<ILoggingEvent> console) {
        consoles.add(console);
      }
    }
    return consoles;
  }

  /** Chosen just ahead of Boot's own logback factory, when logback is what Boot would pick. */
  @Order(Ordered.HIGHEST_PRECEDENCE + 1023)
  public static final class Factory implements LoggingSystemFactory {

    private static final boolean LOGBACK =
        ClassUtils.isPresent("ch.qos.logback.classic.LoggerContext", Factory.class.getClassLoader());

    @Override
    public LoggingSystem getLoggingSystem(ClassLoader classLoader) {
      return LOGBACK ? new JsonLogbackLoggingSystem(classLoader) : null;
    }
  }
}
