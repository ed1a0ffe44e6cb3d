package dev.o11y.sdk.internal.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * JSON logs by default: logback runs service-loaded configurators before looking for its own files,
 * so this one steps aside whenever the application brings a logback file, and otherwise attaches
 * the SDK's JSON appender, built in code ({@link O11yJsonAppender}) rather than through XML.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_LOW_PRIORITY)
public final class O11yLogbackConfigurator extends ContextAwareBase implements Configurator {

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (applicationHasOwnConfiguration()) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(O11yJsonAppender.create(context));
    String rejected = O11yJsonAppender.applyRootLevel(context);
    if (rejected != null) { // as a JSON line: a logback status would print plain text to stdout
      context.getLogger(O11yLogbackConfigurator.class).warn(
          "{}={} is not a log level (TRACE, DEBUG, INFO, WARN, ERROR, OFF); using INFO",
          O11yJsonAppender.LEVEL_VARIABLE, rejected);
    }
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /**
   * Whether the application configures logback itself: {@code logback.configurationFile}, or one of
   * logback's own file names, or any of {@code alsoLookFor} (Spring Boot adds its {@code -spring} names).
   */
  public static boolean applicationHasOwnConfiguration(String... alsoLookFor) {
    if (System.getProperty("logback.configurationFile") != null) {
      return true;
    }
    ClassLoader loader = O11yLogbackConfigurator.class.getClassLoader();
    for (String name : new String[] {"logback-test.xml", "logback.xml"}) {
      if (loader.getResource(name) != null) {
        return true;
      }
    }
    for (String name : alsoLookFor) {
      if (loader.getResource(name) != null) {
        return true;
      }
    }
    return false;
  }
}
