package dev.o11y.sdk.internal.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import net.logstash.logback.argument.StructuredArgument;
import net.logstash.logback.composite.AbstractJsonProvider;
import net.logstash.logback.marker.SingleFieldAppendingMarker;
import tools.jackson.core.JsonGenerator;

/**
 * Writes logstash structured arguments ({@code kv("order", 42)}) as logstash's arguments provider
 * does, except one named like a field every line has: it would be a second {@code service} or
 * {@code message} field. The names an {@code entries(map)} or {@code fields(object)} argument writes
 * cannot be told apart before they are written, so whatever they are called, their values are masked
 * as the application's (a {@code trace_id} among them is not taken for the line's own).
 */
public final class StructuredArgumentsJsonProvider extends AbstractJsonProvider<ILoggingEvent> {

  @Override
  public void writeTo(JsonGenerator generator, ILoggingEvent event) {
    Object[] arguments = event.getArgumentArray();
    if (arguments == null) {
      return;
    }
    for (Object argument : arguments) {
      if (argument instanceof StructuredArgument structured && !namesALineField(argument)) {
        SecretValueMasker.writingApplicationFields(() -> structured.writeTo(generator));
      }
    }
  }

  private static boolean namesALineField(Object argument) {
    return argument instanceof SingleFieldAppendingMarker field
        && !CorrelationMdcJsonProvider.isApplicationKey(field.getFieldName());
  }
}
