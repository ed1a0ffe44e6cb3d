package dev.o11y.sdk.internal.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import net.logstash.logback.composite.loggingevent.KeyValuePairsJsonProvider;
import tools.jackson.core.JsonGenerator;

/** SLF4J key/value pairs as logstash writes them, one named like a field of every line as {@code app.<name>}. */
public final class ApplicationKeyValuePairsJsonProvider extends KeyValuePairsJsonProvider {

  @Override
  public void writeTo(JsonGenerator generator, ILoggingEvent event) {
    if (event.getKeyValuePairs() != null && !event.getKeyValuePairs().isEmpty()) {
      super.writeTo(new ApplicationFieldsGenerator(generator), event);
    }
  }
}
