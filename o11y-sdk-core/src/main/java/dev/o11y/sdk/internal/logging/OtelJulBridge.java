package dev.o11y.sdk.internal.logging;

import java.text.MessageFormat;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenTelemetry SDK logs through java.util.logging, which would print multi-line plain text
 * into a JSON log stream. Its records go to SLF4J instead, so they become JSON lines and get masked.
 * Only the {@code io.opentelemetry} subtree is touched; the application's JUL setup is left alone.
 */
public final class OtelJulBridge extends Handler {

  /** Held strongly: JUL keeps loggers weakly and would forget our configuration. */
  private static final Logger OTEL = Logger.getLogger("io.opentelemetry");

  private OtelJulBridge() {}

  public static synchronized void install() {
    for (Handler handler : OTEL.getHandlers()) {
      if (handler instanceof OtelJulBridge) {
        return;
      }
    }
    OTEL.addHandler(new OtelJulBridge());
    OTEL.setUseParentHandlers(false);
  }

  @Override
  public void publish(LogRecord record) {
    if (record == null) {
      return;
    }
    org.slf4j.Logger logger = LoggerFactory.getLogger(record.getLoggerName());
    String message = format(record);
    int level = record.getLevel().intValue();
    if (level >= Level.SEVERE.intValue()) {
      logger.error(message, record.getThrown());
    } else if (level >= Level.WARNING.intValue()) {
      logger.warn(message, record.getThrown());
    } else if (level >= Level.INFO.intValue()) {
      logger.info(message, record.getThrown());
    } else {
      logger.debug(message, record.getThrown());
    }
  }

  private static String format(LogRecord record) {
    Object[] parameters = record.getParameters();
    String message = record.getMessage();
    if (message == null || parameters == null || parameters.length == 0) {
      return message;
    }
    try {
      return MessageFormat.format(message, parameters);
    } catch (IllegalArgumentException e) {
      return message;
    }
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
