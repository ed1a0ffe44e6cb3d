package dev.o11y.sdk.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o11y.sdk.O11y;
import dev.o11y.sdk.spring.O11yAutoConfiguration;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;

/**
 * Producer and consumer factories the application defines itself (Boot's customizers reach only the
 * ones Boot builds) hand out SDK-wrapped clients, wrapped once however often they are wrapped.
 */
class ClientFactoriesTest {

  /** Nothing listens here: clients are created and a send fails fast, no broker needed. */
  private static final String NO_BROKER = "127.0.0.1:1";

  private final ApplicationContextRunner context = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(O11yAutoConfiguration.class, KafkaO11yAutoConfiguration.class))
      .withUserConfiguration(OwnFactories.class)
      .withPropertyValues("o11y.service-name=orders", "o11y.otlp-endpoint=none");

  @Test
  void anApplicationsOwnFactoriesHandOutWrappedClients() {
    context.run(app -> {
      O11y o11y = app.getBean(O11y.class);
      @SuppressWarnings("unchecked")
      DefaultKafkaProducerFactory<String, String> producers = app.getBean(DefaultKafkaProducerFactory.class);
      try (Producer<String, String> producer = producers.createProducer()) {
        // the send cannot reach a broker within max.block.ms: the wrapper counts it as a failed send
        try {
          producer.send(new ProducerRecord<>("audit", "k", "v")).get();
        } catch (Exception expected) {
          // the failure is the point
        }
        assertThat(o11y.scrape()).containsPattern(
            "messaging_client_sent_messages_total\\{[^}]*messaging_destination_name=\"audit\"[^}]*result=\"error\"");
      }
      @SuppressWarnings("unchecked")
      DefaultKafkaConsumerFactory<String, String> consumers = app.getBean(DefaultKafkaConsumerFactory.class);
      try (Consumer<String, String> consumer = consumers.createConsumer()) {
        assertThat(Proxy.isProxyClass(consumer.getClass())).as("the consumer is the SDK's wrapper").isTrue();
        KafkaO11y kafka = app.getBean(KafkaO11y.class);
        assertThat(kafka.wrap(consumer)).as("wrapping it again changes nothing").isSameAs(consumer);
      }
    });
  }

  @Test
  void wrappingAProducerTwiceGivesTheSameWrapper() {
    try (O11y o11y = O11y.builder().serviceName("orders").otlpEndpoint("none").build();
        Producer<String, String> raw = new org.apache.kafka.clients.producer.KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, NO_BROKER), new StringSerializer(), new StringSerializer())) {
      KafkaO11y kafka = KafkaO11y.create(o11y);
      Producer<String, String> once = kafka.wrap(raw);
      assertThat(kafka.wrap(once)).isSameAs(once);
      raw.close(Duration.ZERO);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnFactories {
    @Bean
    DefaultKafkaProducerFactory<String, String> auditProducers() {
      return new DefaultKafkaProducerFactory<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, NO_BROKER,
          ProducerConfig.MAX_BLOCK_MS_CONFIG, 200), new StringSerializer(), new StringSerializer());
    }

    @Bean
    DefaultKafkaConsumerFactory<String, String> auditConsumers() {
      return new DefaultKafkaConsumerFactory<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, NO_BROKER,
          ConsumerConfig.GROUP_ID_CONFIG, "audit"), new StringDeserializer(), new StringDeserializer());
    }
  }
}
