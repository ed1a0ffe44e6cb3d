package dev.o11y.sdk.internal.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.o11y.sdk.internal.context.MdcCorrelation;
import java.util.Map;
import net.logstash.logback.composite.AbstractJsonProvider;
import tools.jackson.core.JsonGenerator;

/**
 * Writes the MDC: correlation fields first so they are easy to spot, then the application's keys,
 * leaving out keys a convention denies. Values are masked by the encoder's masking decorator.
 */
public final class CorrelationMdcJsonProvider extends AbstractJsonProvider<ILoggingEvent> {

  private static final String[] FIRST = {
    MdcCorrelation.TRACE_ID, MdcCorrelation.SPAN_ID, MdcCorrelation.TRACE_FLAGS, MdcCorrelation.OPERATION
  };

  @Override
  public void writeTo(JsonGenerator generator, ILoggingEvent event) {
    Map<String, String> mdc = event.getMDCPropertyMap();
    if (mdc == null || mdc.isEmpty()) {
      return;
    }
    var conventions = LogFields.current().conventions();
    for (String key : FIRST) {
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
      generator.writeStringProperty(key, entry.getValue());
    }
  }

  private static boolean isCorrelationKey(String key) {
    for (String first : FIRST) {
      if (first.equals(key)) {
        return true;
      }
    }
    return false;
  }
}
