package dev.o11y.sdk.kafka.internal;

import dev.o11y.sdk.kafka.internal.Destinations.Consuming;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.record.TimestampType;

/**
 * A Consumer whose {@code poll} counts what it consumed and records end-to-end latency (now minus
 * the record's produce timestamp), and which publishes the client's own metrics, lag included.
 * Per-record spans come from {@code KafkaO11y.forEachRecord}, where processing really happens.
 */
public final class TracingConsumer implements InvocationHandler {

  private final Object delegate;
  private final String group;
  private final Destinations destinations;
  private final KafkaClientMetrics clientMetrics;
  private final DeadLetters deadLetters;
  /**
   * Per partition, the offset of the last record counted as undeserializable. The consumer stays on
   * such a record and throws on every poll until it is skipped: one record, counted once. Only poll
   * touches it, and a Kafka consumer is single-threaded.
   */
  private final Map<TopicPartition, Long> countedFailures = new HashMap<>();

  private TracingConsumer(Object delegate, String group, Destinations destinations, KafkaClientMetrics clientMetrics,
      DeadLetters deadLetters) {
    this.delegate = delegate;
    this.group = group;
    this.destinations = destinations;
    this.clientMetrics = clientMetrics;
    this.deadLetters = deadLetters;
  }

  /**
   * @param registry where to publish the client's own metrics (lag); null when a framework already
   *     does (Spring Boot binds them itself, with tags of its own that would clash)
   * @param deadLetters where undeserializable records go; null to let {@code poll} throw as Kafka does
   */
  @SuppressWarnings("unchecked")
  public static <K, V> Consumer<K, V> wrap(Consumer<K, V> consumer, Destinations destinations, MeterRegistry registry,
      DeadLetters deadLetters) {
    if (wrapperOf(consumer) != null) {
      return consumer; // wrapped twice, metrics would count every record twice
    }
    KafkaClientMetrics clientMetrics = null;
    if (registry != null) {
      clientMetrics = new KafkaClientMetrics(consumer);
      clientMetrics.bindTo(registry);
    }
    return (Consumer<K, V>) Proxy.newProxyInstance(Consumer.class.getClassLoader(),
        new Class<?>[] {Consumer.class}, new TracingConsumer(consumer, groupOf(consumer), destinations, clientMetrics, deadLetters));
  }

  /**
   * The consumer's group id, or null for a consumer without a group. A wrapped consumer answers with
   * the group it had when wrapped (a consumer's {@code group.id} is fixed at construction): asking the
   * client goes through reflection, and a consumer without a group answers with an exception, which
   * would be paid on every record by a caller that asks per record.
   */
  public static String groupOf(Consumer<?, ?> consumer) {
    TracingConsumer wrapper = wrapperOf(consumer);
    if (wrapper != null) {
      return wrapper.group;
    }
    try {
      return consumer.groupMetadata().groupId();
    } catch (RuntimeException noGroup) {
      return null;
    }
  }

  private static TracingConsumer wrapperOf(Consumer<?, ?> consumer) {
    return Proxy.isProxyClass(consumer.getClass()) && Proxy.getInvocationHandler(consumer) instanceof TracingConsumer wrapper
        ? wrapper : null;
  }

  /**
   * A record that cannot be deserialized is counted, once however often poll throws on it; with dead
   * letters configured it is published there and skipped, otherwise the exception goes to the caller
   * and the consumer stays on the record, so it is never lost silently. So does a dead letter that
   * could not be stored: the caller gets the same exception, with why the dead letter failed
   * attached, and the next poll tries again.
   */
  private Object deadLetter(RecordDeserializationException failure) {
    Long previous = countedFailures.put(failure.topicPartition(), failure.offset());
    if (previous == null || previous != failure.offset()) {
      Consuming destination = destinations.consuming(failure.topicPartition().topic(), group);
      destination.metrics().consumed(destination.topic, destination.groupLabel, false);
    }
    if (deadLetters == null) {
      throw failure;
    }
    try {
      deadLetters.publish(failure);
    } catch (Exception publishing) {
      if (publishing instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      failure.addSuppressed(publishing);
      throw failure;
    }
    ((Consumer<?, ?>) delegate).seek(failure.topicPartition(), failure.offset() + 1);
    // past it: should the application rewind onto it, it is dead-lettered and counted again
    countedFailures.remove(failure.topicPartition());
    return ConsumerRecords.empty();
  }

  /** Per partition, not per record: one counter add and one lookup for the whole batch. */
  private void recordPolled(ConsumerRecords<?, ?> records) {
    long now = System.currentTimeMillis();
    for (TopicPartition partition : records.partitions()) {
      List<? extends ConsumerRecord<?, ?>> polled = records.records(partition);
      Consuming destination = destinations.consuming(partition.topic(), group);
      destination.consumedOk().increment(polled.size());
      Timer endToEnd = destination.endToEnd();
      for (ConsumerRecord<?, ?> record : polled) {
        if (record.timestampType() != TimestampType.NO_TIMESTAMP_TYPE) {
          MessagingMetrics.recordEndToEnd(endToEnd, now - record.timestamp());
        }
      }
    }
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (WrapperIdentity.handles(method)) {
      return WrapperIdentity.invoke(proxy, method, args, "TracingConsumer", delegate);
    }
    switch (method.getName()) {
      case "poll":
        return poll(method, args);
      case "close":
        try {
          return call(method, args);
        } finally {
          // also when close throws: the client is unusable either way, its gauges must not stay behind
          if (clientMetrics != null) {
            clientMetrics.close();
          }
        }
      default:
        return call(method, args);
    }
  }

  private Object poll(Method method, Object[] args) throws Throwable {
    Object result;
    try {
      result = method.invoke(delegate, args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RecordDeserializationException failure) {
        return deadLetter(failure);
      }
      throw e.getCause();
    }
    if (result instanceof ConsumerRecords<?, ?> records) {
      PolledGroup.set(group);
      if (!records.isEmpty()) {
        recordPolled(records);
      }
    }
    return result;
  }

  private Object call(Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(delegate, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
