package dev.o11y.sdk.internal.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import net.logstash.logback.argument.StructuredArgument;
import net.logstash.logback.composite.AbstractJsonProvider;
import tools.jackson.core.JsonGenerator;

/**
 * Writes logstash structured arguments ({@code kv("order", 42)}) as logstash's arguments provider
 * does, except that a field named like one every line has is written as {@code app.<name>} ({@link
 * ApplicationFieldsGenerator}), and every value is masked as the application's, whatever its name (a
 * {@code trace_id} among them is not taken for the line's own).
 */
public final class StructuredArgumentsJsonProvider extends AbstractJsonProvider<ILoggingEvent> {

  @Override
  public void writeTo(JsonGenerator generator, ILoggingEvent event) {
    Object[] arguments = event.getArgumentArray();
    if (arguments == null) {
      return;
    }
    JsonGenerator application = null;
    for (Object argument : arguments) {
      if (argument instanceof StructuredArgument structured) {
        if (application == null) {
          application = new ApplicationFieldsGenerator(generator);
        }
        structured.writeTo(application);
      }
    }
  }
}
