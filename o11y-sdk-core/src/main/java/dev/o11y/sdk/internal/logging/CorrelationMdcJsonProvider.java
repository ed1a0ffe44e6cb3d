package dev.o11y.sdk.internal.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.o11y.sdk.internal.context.MdcCorrelation;
import java.util.Map;
import java.util.Set;
import net.logstash.logback.composite.AbstractJsonProvider;
import tools.jackson.core.JsonGenerator;

/**
 * Writes the MDC: correlation fields first so they are easy to spot, then the application's keys,
 * leaving out keys a convention denies. An application key named like a field every line has is
 * written as {@code app.<key>} ({@link #applicationFieldName}): a second {@code service} field would
 * conflict with the line's, and leaving it out would lose what the application logged. Values are
 * masked by the encoder's masking decorator.
 */
public final class CorrelationMdcJsonProvider extends AbstractJsonProvider<ILoggingEvent> {

  static final String[] CORRELATION_KEYS = {
    MdcCorrelation.TRACE_ID, MdcCorrelation.SPAN_ID, MdcCorrelation.TRACE_FLAGS, MdcCorrelation.OPERATION
  };
  /** Fields every line has and the SDK's own: the application's fields of these names are renamed. */
  static final Set<String> NOT_APPLICATION_KEYS = Set.of(
      O11yJsonEncoder.TIMESTAMP, O11yJsonEncoder.LEVEL, O11yJsonEncoder.LOGGER_NAME, O11yJsonEncoder.THREAD_NAME,
      O11yJsonEncoder.MESSAGE, O11yJsonEncoder.STACK_TRACE,
      ResourceJsonProvider.SERVICE, ResourceJsonProvider.ENV, ResourceJsonProvider.VERSION,
      MdcCorrelation.TRACE_ID, MdcCorrelation.SPAN_ID, MdcCorrelation.TRACE_FLAGS, MdcCorrelation.OPERATION);

  @Override
  public void writeTo(JsonGenerator generator, ILoggingEvent event) {
    Map<String, String> mdc = event.getMDCPropertyMap();
    if (mdc == null || mdc.isEmpty()) {
      return;
    }
    var conventions = LogFields.current().conventions();
    for (String key : CORRELATION_KEYS) {
      String value = mdc.get(key);
      if (value != null && conventions.allowsKey(key)) {
        generator.writeStringProperty(key, value);
      }
    }
    for (Map.Entry<String, String> entry : mdc.entrySet()) {
      String key = entry.getKey();
      if (key == null || isCorrelationKey(key) || entry.getValue() == null || !conventions.allowsKey(key)) {
        continue;
      }
      generator.writeStringProperty(applicationFieldName(key), entry.getValue());
    }
  }

  private static final Set<String> CORRELATION_KEY_SET = Set.of(CORRELATION_KEYS);
  static final String RENAMED_PREFIX = "app.";

  /** An MDC key the SDK writes as a correlation field, not as one of the application's. */
  static boolean isCorrelationKey(String key) {
    return CORRELATION_KEY_SET.contains(key);
  }

  /**
   * The name an application's field (MDC key, key/value pair, structured argument) is written under.
   * A name that already starts with {@code app.} gets the prefix too, so no two of the application's
   * names end up as one: its own {@code app.service} is {@code app.app.service}, next to the {@code
   * app.service} its {@code service} became.
   */
  static String applicationFieldName(String key) {
    return NOT_APPLICATION_KEYS.contains(key) || key.startsWith(RENAMED_PREFIX) ? RENAMED_PREFIX + key : key;
  }
}
