package dev.o11y.sdk.internal.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.util.OptionHelper;

/**
 * The {@code O11Y_JSON} appender of {@code o11y/logback-json.xml}, built in code for the SDK's
 * default logging: loading the XML would bring logback's XML configurator (Joran) and the JDK's
 * XML parser, ~300 classes at startup, for one appender. The XML stays for users who include it in
 * their own logback.xml; {@code JsonAppenderDefinitionsTest} keeps the two writing the same fields.
 */
public final class O11yJsonAppender {

  public static final String NAME = "O11Y_JSON";
  static final String LEVEL_VARIABLE = "O11Y_LOG_LEVEL";

  private O11yJsonAppender() {}

  /** A started console appender writing the SDK's JSON lines; the caller attaches it. */
  public static ConsoleAppender<ILoggingEvent> create(LoggerContext context) {
    O11yJsonEncoder encoder = new O11yJsonEncoder();
    encoder.setContext(context);
    encoder.start();

    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setName(NAME);
    appender.setEncoder(encoder);
    appender.start();
    return appender;
  }

  /**
   * Sets the root level from {@code O11Y_LOG_LEVEL}, looked up where the XML's
   * {@code ${O11Y_LOG_LEVEL:-INFO}} looks (logback context property, system property, environment
   * variable); INFO when it is unset or blank, and when it is no level: the XML turned a typo into
   * DEBUG without a word.
   *
   * @return the value when it is no level, for the caller to report; else null
   */
  public static String applyRootLevel(LoggerContext context) {
    String value = OptionHelper.propertyLookup(LEVEL_VARIABLE, context, null);
    Level level = value == null || value.isBlank() ? Level.INFO : Level.toLevel(value, null);
    context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(level == null ? Level.INFO : level);
    return level == null ? value : null;
  }
}
