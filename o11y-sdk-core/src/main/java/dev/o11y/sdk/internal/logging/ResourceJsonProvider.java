package dev.o11y.sdk.internal.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import net.logstash.logback.composite.AbstractJsonProvider;
import tools.jackson.core.JsonGenerator;

/** Writes {@code service}, {@code env}, {@code version}: the same values as the metric labels. */
public final class ResourceJsonProvider extends AbstractJsonProvider<ILoggingEvent> {

  static final String SERVICE = "service";
  static final String ENV = "env";
  static final String VERSION = "version";

  @Override
  public void writeTo(JsonGenerator generator, ILoggingEvent event) {
    LogFields.Values fields = LogFields.current();
    write(generator, fields, SERVICE, fields.service());
    write(generator, fields, ENV, fields.env());
    write(generator, fields, VERSION, fields.version());
  }

  private static void write(JsonGenerator generator, LogFields.Values fields, String key, String value) {
    if (fields.conventions().allowsKey(key)) {
      generator.writeStringProperty(key, value);
    }
  }
}
