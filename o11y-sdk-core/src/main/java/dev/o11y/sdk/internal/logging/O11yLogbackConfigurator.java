package dev.o11y.sdk.internal.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.net.URL;

/**
 * JSON logs by default: logback runs service-loaded configurators before looking for its own files,
 * so this one steps aside whenever the application brings a logback file, and otherwise loads the
 * same {@code o11y/logback-json.xml} a user would include by hand.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_LOW_PRIORITY)
public final class O11yLogbackConfigurator extends ContextAwareBase implements Configurator {

  static final String DEFAULT_CONFIGURATION = "o11y/logback-default.xml";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (applicationHasOwnConfiguration()) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    URL configuration = getClass().getClassLoader().getResource(DEFAULT_CONFIGURATION);
    if (configuration == null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    try {
      JoranConfigurator joran = new JoranConfigurator();
      joran.setContext(context);
      joran.doConfigure(configuration);
      return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    } catch (JoranException e) {
      addError("o11y-sdk could not load " + DEFAULT_CONFIGURATION + "; falling back to logback's defaults", e);
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
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
