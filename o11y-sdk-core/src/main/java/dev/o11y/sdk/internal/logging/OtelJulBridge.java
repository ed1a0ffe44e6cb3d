package dev.o11y.sdk.internal.logging;

import java.text.MessageFormat;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
  private static final String EXPORTERS = "io.opentelemetry.exporter";
  /**
   * Where OpenTelemetry's OTLP exporters (HTTP and gRPC) log each failed export, at ERROR with a
   * stack trace, every batch while no collector listens. Those records go out at DEBUG: the SDK
   * counts every failed span and says so itself, at most once a minute ({@code
   * dev.o11y.sdk.SpanExport}), naming the last of these messages.
   */
  private static final String EXPORT_FAILURES = "io.opentelemetry.exporter.internal.";
  private static volatile String lastExportFailure;
  /** Holders of {@link #quietExportFailures()} not yet released. */
  private static final AtomicInteger quietHolders = new AtomicInteger();

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

  /**
   * Demotes the exporters' records to DEBUG until the returned action runs (once is enough). A
   * {@code close()} whose budget ran out cancels the exports in flight and reports what they held in
   * one line of its own; each cancelled export would add an ERROR with a stack trace ("Canceled",
   * "Socket closed"). OpenTelemetry's exporter loggers are one per JVM, so another instance's
   * export errors in that moment are demoted too.
   */
  public static Runnable quietExportFailures() {
    quietHolders.incrementAndGet();
    AtomicBoolean released = new AtomicBoolean();
    return () -> {
      if (released.compareAndSet(false, true)) {
        quietHolders.decrementAndGet();
      }
    };
  }

  /** The message of the last export failure OpenTelemetry's OTLP exporters logged, or null. */
  public static String lastExportFailure() {
    return lastExportFailure;
  }

  @Override
  public void publish(LogRecord record) {
    if (record == null) {
      return;
    }
    org.slf4j.Logger logger = LoggerFactory.getLogger(record.getLoggerName());
    String message = format(record);
    String name = String.valueOf(record.getLoggerName());
    boolean exportFailure = name.startsWith(EXPORT_FAILURES) && record.getLevel().intValue() >= Level.WARNING.intValue();
    if (exportFailure) {
      lastExportFailure = message;
    }
    int level = exportFailure || quietHolders.get() > 0 && name.startsWith(EXPORTERS)
        ? Level.FINE.intValue()
        : record.getLevel().intValue();
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
