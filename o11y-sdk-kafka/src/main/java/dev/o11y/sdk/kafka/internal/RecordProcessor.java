package dev.o11y.sdk.kafka.internal;

import dev.o11y.sdk.O11y;
import dev.o11y.sdk.internal.Invocation;
import dev.o11y.sdk.kafka.RecordHandler;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Runs one record's handler in a CONSUMER span that continues the producer's trace, with that
 * trace in the MDC, and records the processing duration. A missing, malformed or hostile
 * {@code traceparent} simply starts a new trace.
 */
public final class RecordProcessor {

  private final O11y o11y;
  private final MessagingMetrics metrics;

  public RecordProcessor(O11y o11y, MessagingMetrics metrics) {
    this.o11y = o11y;
    this.metrics = metrics;
  }

  public <K, V> void process(ConsumerRecord<K, V> record, String group, RecordHandler<K, V> handler)
      throws Exception {
    Invocation invocation = o11y.instrumenter().start("process " + record.topic(), SpanKind.CONSUMER,
        MessagingAttributes.process(record.topic(), group, record.partition(), record.offset()),
        producerContext(record), null);
    try {
      handler.handle(record);
    } catch (Exception | Error e) {
      metrics.processed(record.topic(), group, false, invocation.elapsedNanos());
      invocation.end(e);
      throw e;
    }
    metrics.processed(record.topic(), group, true, invocation.elapsedNanos());
    invocation.end(null);
  }

  private Context producerContext(ConsumerRecord<?, ?> record) {
    try {
      return o11y.openTelemetry().getPropagators().getTextMapPropagator()
          .extract(Context.root(), record.headers(), KafkaHeaders.GETTER);
    } catch (RuntimeException hostileHeaders) {
      return Context.root(); // never let a header break consumption: start a new trace
    }
  }
}
