package dev.o11y.sdk.kafka.app;

import dev.o11y.sdk.Monitored;
import dev.o11y.sdk.kafka.KafkaO11y;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.stereotype.Component;
import org.springframework.stereotype.Service;
import org.springframework.util.backoff.FixedBackOff;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Orders go through Kafka: record listener, batch listener, and a poison order that ends in the DLT. */
@SpringBootApplication
public class OrdersApplication {

  private static final Logger log = LoggerFactory.getLogger(OrdersApplication.class);

  /** trace_id seen in the MDC by each listener invocation, per order id. */
  public static final Map<String, List<String>> SEEN = new java.util.concurrent.ConcurrentHashMap<>();
  public static final List<String> BATCH_SEEN = new CopyOnWriteArrayList<>();

  @Bean
  DefaultErrorHandler errorHandler(KafkaTemplate<Object, Object> template) {
    return new DefaultErrorHandler(new DeadLetterPublishingRecoverer(template), new FixedBackOff(0, 1));
  }

  /** trace_id in the MDC when the application's own record interceptor sees each order, per order id. */
  public static final Map<String, List<String>> INTERCEPTED = new java.util.concurrent.ConcurrentHashMap<>();

  /** trace_id in the MDC when the application's own interceptor hears a record succeeded, per order id. */
  public static final Map<String, List<String>> SUCCEEDED = new java.util.concurrent.ConcurrentHashMap<>();

  /** The application's own record interceptor: the SDK's must run around it, not give way to it. */
  @Bean
  RecordInterceptor<Object, Object> auditInterceptor() {
    return new RecordInterceptor<>() {
      @Override
      public ConsumerRecord<Object, Object> intercept(ConsumerRecord<Object, Object> record,
          org.apache.kafka.clients.consumer.Consumer<Object, Object> consumer) {
        INTERCEPTED.computeIfAbsent(String.valueOf(record.key()), k -> new CopyOnWriteArrayList<>())
            .add(String.valueOf(MDC.get("trace_id")));
        return record;
      }

      @Override
      public void success(ConsumerRecord<Object, Object> record, org.apache.kafka.clients.consumer.Consumer<Object, Object> consumer) {
        SUCCEEDED.computeIfAbsent(String.valueOf(record.key()), k -> new CopyOnWriteArrayList<>())
            .add(String.valueOf(MDC.get("trace_id")));
      }
    };
  }

  @Bean
  ConcurrentKafkaListenerContainerFactory<Object, Object> batchFactory(ConsumerFactory<Object, Object> consumers) {
    ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
    factory.setConsumerFactory(consumers);
    factory.setBatchListener(true);
    return factory;
  }

  @RestController
  public static class OrdersController {
    private final OrderService orders;

    public OrdersController(OrderService orders) {
      this.orders = orders;
    }

    @PostMapping("/orders/{id}")
    public String place(@PathVariable String id) throws Exception {
      orders.place(id);
      return "accepted " + id;
    }
  }

  @Service
  public static class OrderService {
    private final KafkaTemplate<Object, Object> kafka;

    public OrderService(KafkaTemplate<Object, Object> kafka) {
      this.kafka = kafka;
    }

    @Monitored
    public void place(String id) throws Exception {
      kafka.send("orders", id, "order " + id).get();
      kafka.send("order-audit", id, "audit " + id).get();
    }
  }

  @Component
  public static class OrderListener {
    @KafkaListener(topics = "orders", groupId = "fulfilment")
    public void onOrder(ConsumerRecord<String, String> record) {
      SEEN.computeIfAbsent(record.key(), k -> new CopyOnWriteArrayList<>()).add(MDC.get("trace_id"));
      log.info("fulfilling {}", record.key());
      if (record.key().startsWith("poison")) {
        throw new IllegalStateException("cannot fulfil " + record.key());
      }
    }
  }

  /** A listener that fails beyond an exception: Spring stops its container and tells no interceptor how the record ended. */
  @Component
  public static class FatalListener {
    @KafkaListener(topics = "orders-fatal", groupId = "fatal")
    public void onOrder(ConsumerRecord<String, String> record) {
      throw new AssertionError("cannot go on after " + record.key());
    }
  }

  @Component
  public static class AuditListener {
    private final KafkaO11y kafka;

    public AuditListener(KafkaO11y kafka) {
      this.kafka = kafka;
    }

    @KafkaListener(topics = "order-audit", groupId = "audit", containerFactory = "batchFactory")
    public void onBatch(List<ConsumerRecord<String, String>> records) throws Exception {
      kafka.forEachRecord(records, "audit", record -> {
        BATCH_SEEN.add(record.key() + "=" + MDC.get("trace_id"));
        log.info("auditing {}", record.key());
      });
    }
  }
}
