package dev.o11y.sdk.kafka.internal.spring;

import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.kafka.config.AbstractKafkaListenerContainerFactory;
import org.springframework.kafka.listener.RecordInterceptor;

/**
 * Puts the SDK's record interceptor on every listener container factory, Boot's and the
 * application's own, ahead of an interceptor the factory already has: a record's span is then
 * current in the application's interceptor too. Not a {@link RecordInterceptor} bean: Boot gives its
 * factory the interceptor only when there is exactly one such bean, so an application's own would
 * have silently switched the SDK's off, or the SDK's the application's.
 */
public final class ListenerFactoryTracing implements BeanPostProcessor {

  /** Makes the SDK's interceptor when the first factory is initialised, not when this is created. */
  private final Supplier<TracingRecordInterceptor> interceptor;

  public ListenerFactoryTracing(Supplier<TracingRecordInterceptor> interceptor) {
    this.interceptor = interceptor;
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof AbstractKafkaListenerContainerFactory factory) {
      RecordInterceptor existing = factory.getRecordInterceptor();
      if (!(existing instanceof TracingRecordInterceptor) && !(existing instanceof Composed)) {
        TracingRecordInterceptor ours = interceptor.get();
        factory.setRecordInterceptor(existing == null ? ours : new Composed(ours, existing));
      }
    }
    return bean;
  }

  /**
   * The SDK's interceptor around the factory's own: ours opens the record's span first and closes
   * it last, so the application's {@code success}, {@code failure} and {@code afterRecord} run inside
   * it too (Spring's composite calls every interceptor in the same order both ways). Marked, so a
   * factory processed twice is not wrapped twice.
   */
  private static final class Composed implements RecordInterceptor<Object, Object> {
    private final RecordInterceptor<Object, Object> ours;
    private final RecordInterceptor<Object, Object> theirs;

    Composed(RecordInterceptor<Object, Object> ours, RecordInterceptor<Object, Object> theirs) {
      this.ours = ours;
      this.theirs = theirs;
    }

    @Override
    public ConsumerRecord<Object, Object> intercept(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
      ConsumerRecord<Object, Object> kept = ours.intercept(record, consumer);
      return kept == null ? null : theirs.intercept(kept, consumer);
    }

    @Override
    public void success(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
      try {
        theirs.success(record, consumer);
      } finally {
        ours.success(record, consumer);
      }
    }

    @Override
    public void failure(ConsumerRecord<Object, Object> record, Exception exception, Consumer<Object, Object> consumer) {
      try {
        theirs.failure(record, exception, consumer);
      } finally {
        ours.failure(record, exception, consumer);
      }
    }

    @Override
    public void afterRecord(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
      try {
        theirs.afterRecord(record, consumer);
      } finally {
        ours.afterRecord(record, consumer);
      }
    }

    @Override
    public void setupThreadState(Consumer<?, ?> consumer) {
      ours.setupThreadState(consumer);
      theirs.setupThreadState(consumer);
    }

    @Override
    public void clearThreadState(Consumer<?, ?> consumer) {
      try {
        theirs.clearThreadState(consumer);
      } finally {
        ours.clearThreadState(consumer);
      }
    }
  }
}
