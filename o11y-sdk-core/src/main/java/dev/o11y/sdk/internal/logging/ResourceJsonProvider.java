package dev.o11y.sdk.internal.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import net.logstash.logback.composite.AbstractJsonProvider;
import tools.jackson.core.JsonGenerator;

/** Writes {@code service}, {@code env}, {@code version}: the same values as the metric labels. */
public final class ResourceJsonProvider extends AbstractJsonProvider<ILoggingEvent> {

  @Override
  public void writeTo(JsonGenerator generator, ILoggingEvent event) {
    LogFields.Values fields = LogFields.current();
    write(generator, fields, "service", fields.service());
    write(generator, fields, "env", fields.env());
    write(generator, fields, "version", fields.version());
  }

  private static void write(JsonGenerator generator, LogFields.Values fields, String key, String value) {
    if (fields.conventions().allowsKey(key)) {
      generator.writeStringProperty(key, value);
    }
  }
}
