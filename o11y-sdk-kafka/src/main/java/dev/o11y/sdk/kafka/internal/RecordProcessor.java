package dev.o11y.sdk.kafka.internal;

import dev.o11y.sdk.O11y;
import dev.o11y.sdk.internal.Invocation;
import dev.o11y.sdk.kafka.RecordHandler;
import io.opentelemetry.api.trace.SpanKind;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Runs one record's handling in a CONSUMER span that continues the producer's trace, with that
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

  /** A record being handled: its span is current until {@link #finish}. */
  public final class RecordSpan {
    private final Invocation invocation;
    private final String topic;
    private final String group;

    private RecordSpan(Invocation invocation, String topic, String group) {
      this.invocation = invocation;
      this.topic = topic;
      this.group = group;
    }

    /** Ends the span on the thread that started it; {@code error} null means success. */
    public void finish(Throwable error) {
      metrics.processed(topic, group, error == null, invocation.elapsedNanos());
      invocation.end(error);
    }
  }

  public RecordSpan start(ConsumerRecord<?, ?> record, String group) {
    Invocation invocation = o11y.instrumenter().start("process " + record.topic(), SpanKind.CONSUMER,
        MessagingAttributes.process(record.topic(), group, record.partition(), record.offset()),
        KafkaHeaders.extract(o11y, record.headers()), null);
    return new RecordSpan(invocation, record.topic(), group);
  }

  public <K, V> void process(ConsumerRecord<K, V> record, String group, RecordHandler<K, V> handler)
      throws Exception {
    RecordSpan span = start(record, group);
    try {
      handler.handle(record);
    } catch (Exception | Error e) {
      span.finish(e);
      throw e;
    }
    span.finish(null);
  }
}
