package dev.o11y.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.metrics.KafkaMetric;

/**
 * A producer that acknowledges every record at once, on the sending thread, and keeps nothing: the
 * delegate under {@link KafkaWrapperOverhead}, so what is measured is the wrapper, not a broker.
 * It reads the headers' total size so header injection cannot be optimised away.
 */
final class InMemoryProducer<K, V> implements Producer<K, V> {

  private static final RecordMetadata ACK = new RecordMetadata(new TopicPartition("bench", 0), 0, 0, 0, 0, 0);
  private static final Future<RecordMetadata> ACKED = CompletableFuture.completedFuture(ACK);

  long sent;
  long headerBytes;

  @Override
  public Future<RecordMetadata> send(ProducerRecord<K, V> record) {
    return send(record, null);
  }

  @Override
  public Future<RecordMetadata> send(ProducerRecord<K, V> record, Callback callback) {
    sent++;
    for (var header : record.headers()) {
      headerBytes += header.value().length;
    }
    if (callback != null) {
      callback.onCompletion(ACK, null);
    }
    return ACKED;
  }

  @Override public void initTransactions() {}
  @Override public void beginTransaction() {}
  @Override public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {}
  @Override public void commitTransaction() {}
  @Override public void abortTransaction() {}
  @Override public void registerMetricForSubscription(KafkaMetric metric) {}
  @Override public void unregisterMetricFromSubscription(KafkaMetric metric) {}
  @Override public void flush() {}
  @Override public List<PartitionInfo> partitionsFor(String topic) { return List.of(); }
  @Override public Map<MetricName, ? extends Metric> metrics() { return Map.of(); }
  @Override public Uuid clientInstanceId(Duration timeout) { return Uuid.ZERO_UUID; }
  @Override public void close() {}
  @Override public void close(Duration timeout) {}
}
