package dev.o11y.sdk.kafka.internal.spring;

import java.util.function.Supplier;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.kafka.config.AbstractKafkaListenerContainerFactory;
import org.springframework.kafka.listener.CompositeRecordInterceptor;
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

  /** Ours, then the factory's own: marked, so a factory processed twice is not wrapped twice. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static final class Composed extends CompositeRecordInterceptor {
    Composed(RecordInterceptor ours, RecordInterceptor theirs) {
      super(ours, theirs);
    }
  }
}
