package dev.o11y.sdk.kafka.internal.spring;

import dev.o11y.sdk.kafka.internal.RecordProcessor;
import dev.o11y.sdk.kafka.internal.TracingConsumer;
import dev.o11y.sdk.kafka.internal.RecordProcessor.RecordSpan;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.listener.RecordInterceptor;

/**
 * Gives each record a Spring Kafka record listener handles its own CONSUMER span and MDC. Spring
 * calls intercept → listener → success/failure → afterRecord on the consumer thread, so the span
 * lives in a thread-local between those calls. Retries call it again: each attempt is a span in the
 * record's trace.
 */
public final class TracingRecordInterceptor implements RecordInterceptor<Object, Object> {

  private final RecordProcessor processor;
  private final ThreadLocal<RecordSpan> current = new ThreadLocal<>();

  public TracingRecordInterceptor(RecordProcessor processor) {
    this.processor = processor;
  }

  @Override
  public ConsumerRecord<Object, Object> intercept(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
    abandon("the next record was intercepted"); // a previous record whose afterRecord never came
    current.set(processor.start(record, TracingConsumer.groupOf(consumer)));
    return record;
  }

  @Override
  public void success(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
    finish(null);
  }

  /** The listener's own exception, not the container's {@code ListenerExecutionFailedException} around it. */
  @Override
  public void failure(ConsumerRecord<Object, Object> record, Exception exception, Consumer<Object, Object> consumer) {
    finish(exception instanceof ListenerExecutionFailedException wrapped && wrapped.getCause() != null
        ? wrapped.getCause() : exception);
  }

  @Override
  public void afterRecord(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
    finish(null);
  }

  /**
   * After each poll's records: a span still open here had no success, failure or afterRecord (the
   * listener threw an {@code Error}, the container stopped), and must not stay current on the
   * consumer thread until the next record.
   */
  @Override
  public void clearThreadState(Consumer<?, ?> consumer) {
    abandon("the consumer thread's state was cleared");
  }

  /** Ends a span still open as an error: nothing said the record succeeded. */
  private void abandon(String when) {
    if (current.get() != null) {
      finish(new RecordAbandonedException(when));
    }
  }

  private void finish(Throwable error) {
    RecordSpan span = current.get();
    if (span != null) {
      current.remove();
      span.finish(error);
    }
  }
}
