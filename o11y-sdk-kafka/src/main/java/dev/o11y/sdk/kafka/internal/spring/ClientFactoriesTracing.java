package dev.o11y.sdk.kafka.internal.spring;

import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.kafka.core.ConsumerPostProcessor;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.core.ProducerPostProcessor;

/**
 * Every producer and consumer factory bean, Boot's and the application's own, hands out SDK-wrapped
 * clients. Boot's factory customizers reach only the factories Boot builds itself.
 */
public final class ClientFactoriesTracing implements BeanPostProcessor {

  private final UnaryOperator<Producer<Object, Object>> wrapProducer;
  /** The consumer, and whether its factory publishes the client's metrics already (Boot's listener). */
  private final BiFunction<Consumer<Object, Object>, Boolean, Consumer<Object, Object>> wrapConsumer;

  public ClientFactoriesTracing(UnaryOperator<Producer<Object, Object>> wrapProducer,
      BiFunction<Consumer<Object, Object>, Boolean, Consumer<Object, Object>> wrapConsumer) {
    this.wrapProducer = wrapProducer;
    this.wrapConsumer = wrapConsumer;
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof DefaultKafkaProducerFactory factory
        && factory.getPostProcessors().stream().noneMatch(WrappingProducers.class::isInstance)) {
      factory.addPostProcessor(new WrappingProducers());
    } else if (bean instanceof DefaultKafkaConsumerFactory factory
        && factory.getPostProcessors().stream().noneMatch(WrappingConsumers.class::isInstance)) {
      boolean metricsPublished = factory.getListeners().stream().anyMatch(MicrometerConsumerListener.class::isInstance);
      factory.addPostProcessor(new WrappingConsumers(metricsPublished));
    }
    return bean;
  }

  private final class WrappingProducers implements ProducerPostProcessor<Object, Object> {
    @Override
    public Producer<Object, Object> apply(Producer<Object, Object> producer) {
      return wrapProducer.apply(producer);
    }
  }

  private final class WrappingConsumers implements ConsumerPostProcessor<Object, Object> {
    private final boolean metricsPublished;

    WrappingConsumers(boolean metricsPublished) {
      this.metricsPublished = metricsPublished;
    }

    @Override
    public Consumer<Object, Object> apply(Consumer<Object, Object> consumer) {
      return wrapConsumer.apply(consumer, metricsPublished);
    }
  }
}
