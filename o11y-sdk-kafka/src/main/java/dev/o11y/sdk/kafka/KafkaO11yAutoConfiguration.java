package dev.o11y.sdk.kafka;

import dev.o11y.sdk.O11y;
import dev.o11y.sdk.kafka.internal.spring.ClientFactoriesTracing;
import dev.o11y.sdk.kafka.internal.spring.ListenerFactoryTracing;
import dev.o11y.sdk.kafka.internal.spring.TracingRecordInterceptor;
import dev.o11y.sdk.spring.O11yAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.listener.RecordInterceptor;

/**
 * Spring Kafka with o11y-sdk-spring: every producer and consumer the application's Kafka factories
 * create is wrapped, and record listeners get a span and MDC per record. Batch listeners call {@link KafkaO11y#forEachRecord}.
 */
@AutoConfiguration(after = O11yAutoConfiguration.class, before = KafkaAutoConfiguration.class)
@ConditionalOnClass({RecordInterceptor.class, KafkaAutoConfiguration.class, O11yAutoConfiguration.class})
@ConditionalOnBean(O11y.class)
public class KafkaO11yAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  KafkaO11y kafkaO11y(O11y o11y) {
    return KafkaO11y.create(o11y);
  }

  /**
   * Every producer and consumer factory, Boot's and the application's. Boot already publishes the
   * client metrics for the consumers of a factory it gave its metrics listener, so only ours are added.
   */
  @Bean
  static ClientFactoriesTracing o11yKafkaClientFactories(ObjectProvider<KafkaO11y> kafka) {
    return new ClientFactoriesTracing(producer -> kafka.getObject().wrap(producer),
        (consumer, metricsPublished) -> metricsPublished
            ? kafka.getObject().wrapWithoutClientMetrics(consumer)
            : kafka.getObject().wrap(consumer));
  }

  /** Every listener container factory, Boot's and the application's, with any interceptor it has. */
  @Bean
  static ListenerFactoryTracing o11yKafkaListenerFactories(ObjectProvider<KafkaO11y> kafka) {
    return new ListenerFactoryTracing(() -> new TracingRecordInterceptor(kafka.getObject().processor()));
  }
}
