package dev.o11y.sdk.kafka.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.common.Attributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What every record of a topic (and consumer group) shares — span name, span attributes, its
 * success meters — built once, so the per-record path allocates none of it. Keyed by the topic and
 * group strings themselves: a lookup builds no key object. Bounded like the meter cache: past the
 * bound an entry is built per call, still correct, just not cached.
 */
public final class Destinations {

  static final int MAX_CACHED = 2_000;

  private final MessagingMetrics metrics;
  private final Map<String, Sending> sending = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Consuming>> consuming = new ConcurrentHashMap<>();

  public Destinations(MessagingMetrics metrics) {
    this.metrics = metrics;
  }

  MessagingMetrics metrics() {
    return metrics;
  }

  Sending sending(String topic) {
    Sending cached = sending.get(topic);
    return cached != null ? cached : cache(sending, topic, t -> new Sending(t, metrics));
  }

  /** {@code consumerGroup} as the consumer has it: null or empty for a consumer without a group. */
  Consuming consuming(String topic, String consumerGroup) {
    // keyed by the group itself, not its label, so a group named "none" stays apart from no group;
    // "" stands for null because a ConcurrentHashMap key cannot be null
    String group = consumerGroup == null ? "" : consumerGroup;
    Map<String, Consuming> byGroup = consuming.get(topic);
    if (byGroup == null) {
      byGroup = cache(consuming, topic, t -> new ConcurrentHashMap<>());
    }
    Consuming cached = byGroup.get(group);
    return cached != null ? cached : cache(byGroup, group, g -> new Consuming(topic, g, metrics));
  }

  /** The metrics label of a consumer without a group; only a label, spans name no group for it. */
  static final String NO_GROUP = "none";

  /** A consumer without a group: {@code group.id} unset, or an unnamed one. */
  static boolean isNoGroup(String group) {
    return group == null || group.isEmpty();
  }

  private static <K, V> V cache(Map<K, V> map, K key, Function<K, V> create) {
    if (map.size() >= MAX_CACHED) {
      V existing = map.get(key);
      return existing != null ? existing : create.apply(key);
    }
    return map.computeIfAbsent(key, create);
  }

  /** A topic as a producer sees it. */
  static final class Sending {
    final String topic;
    final String spanName;
    final Attributes attributes;
    final Counter sentOk;
    final MessagingMetrics metrics;

    private Sending(String topic, MessagingMetrics metrics) {
      this.topic = topic;
      this.metrics = metrics;
      this.spanName = "send " + topic;
      this.attributes = MessagingAttributes.send(topic);
      this.sentOk = metrics.sentCounter(topic, true);
    }
  }

  /**
   * A topic as one consumer group sees it. Its meters register on first use, so a consumer that
   * never processes through the wrapper shows no empty processing series.
   */
  static final class Consuming {
    final String topic;
    /** The metrics label: the group, or {@link #NO_GROUP}. */
    final String groupLabel;
    final String spanName;
    final Attributes attributes;
    private final MessagingMetrics metrics;
    private volatile Counter consumedOk;
    private volatile Timer endToEnd;
    private volatile Timer processedOk;

    private Consuming(String topic, String group, MessagingMetrics metrics) {
      this.topic = topic;
      this.groupLabel = isNoGroup(group) ? NO_GROUP : group;
      this.spanName = "process " + topic;
      this.attributes = MessagingAttributes.process(topic, group);
      this.metrics = metrics;
    }

    MessagingMetrics metrics() {
      return metrics;
    }

    Counter consumedOk() {
      Counter counter = consumedOk;
      if (counter == null) {
        consumedOk = counter = metrics.consumedCounter(topic, groupLabel, true);
      }
      return counter;
    }

    Timer endToEnd() {
      Timer timer = endToEnd;
      if (timer == null) {
        endToEnd = timer = metrics.endToEndTimer(topic, groupLabel);
      }
      return timer;
    }

    Timer processedOk() {
      Timer timer = processedOk;
      if (timer == null) {
        processedOk = timer = metrics.processTimer(topic, groupLabel, true);
      }
      return timer;
    }
  }
}
