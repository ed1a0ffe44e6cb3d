package dev.o11y.sdk.kafka.internal;

import dev.o11y.sdk.O11y;
import dev.o11y.sdk.internal.Invocation;
import dev.o11y.sdk.internal.SdkInternals;
import dev.o11y.sdk.kafka.RecordHandler;
import dev.o11y.sdk.kafka.internal.Destinations.Consuming;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Runs one record's handling in a CONSUMER span that continues the producer's trace, with that
 * trace in the MDC, and records the processing duration. A missing, malformed or hostile
 * {@code traceparent} simply starts a new trace.
 */
public final class RecordProcessor {

  private final O11y o11y;
  private final Destinations destinations;
  private final KafkaHeaders headers;

  public RecordProcessor(O11y o11y, Destinations destinations) {
    this.o11y = o11y;
    this.destinations = destinations;
    this.headers = new KafkaHeaders(o11y);
  }

  /** A record being handled: its span is current until {@link #finish}. */
  public static final class RecordSpan {
    private final Invocation invocation;
    private final Consuming destination;

    private RecordSpan(Invocation invocation, Consuming destination) {
      this.invocation = invocation;
      this.destination = destination;
    }

    /** Ends the span on the thread that started it; {@code error} null means success. */
    public void finish(Throwable error) {
      long nanos = invocation.elapsedNanos();
      if (error == null) {
        destination.processedOk().record(nanos, TimeUnit.NANOSECONDS);
      } else {
        destination.metrics().processed(destination.topic, destination.groupLabel, false, nanos);
      }
      invocation.end(error);
    }
  }

  /** {@code group} null or empty: a consumer without a group. */
  public RecordSpan start(ConsumerRecord<?, ?> record, String group) {
    Consuming destination = destinations.consuming(record.topic(), group);
    Invocation invocation = SdkInternals.instrumenter(o11y).start(destination.spanName, SpanKind.CONSUMER,
        destination.attributes, headers.extract(record.headers()), null);
    Span span = invocation.span();
    if (span.isRecording()) {
      span.setAttribute(MessagingAttributes.PARTITION, MessagingAttributes.partitionId(record.partition()));
      span.setAttribute(MessagingAttributes.OFFSET, record.offset());
    }
    return new RecordSpan(invocation, destination);
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
