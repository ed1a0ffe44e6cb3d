package dev.o11y.sdk.kafka.internal;

import dev.o11y.sdk.internal.metrics.DurationBuckets;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The messaging meters of DESIGN.md, cached per label set so no path builds meter ids twice; the
 * registry's series cap bounds what topics and groups can create. The per-record paths go through
 * {@link Destinations}, which holds the success meters and needs no key object per lookup.
 */
public final class MessagingMetrics {

  static final String SENT = "messaging.client.sent.messages";
  static final String CONSUMED = "messaging.client.consumed.messages";
  static final String PROCESS = "messaging.process.duration";
  static final String E2E = "o11y.messaging.e2e.latency";
  static final String DESTINATION = "messaging_destination_name";
  static final String GROUP = "messaging_consumer_group_name";
  static final String RESULT = "result";
  private static final int MAX_CACHED = 2_000;

  private record Key(String meter, String topic, String group, String result) {}

  private final MeterRegistry registry;
  private final Duration[] buckets = DurationBuckets.withThreshold(DurationBuckets.defaults(), null);
  private final Map<Key, Object> meters = new ConcurrentHashMap<>();

  public MessagingMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void sent(String topic, boolean ok) {
    sentCounter(topic, ok).increment();
  }

  public void consumed(String topic, String group, boolean ok) {
    consumedCounter(topic, group, ok).increment();
  }

  public void processed(String topic, String group, boolean ok, long nanos) {
    processTimer(topic, group, ok).record(nanos, TimeUnit.NANOSECONDS);
  }

  Counter sentCounter(String topic, boolean ok) {
    return counter(new Key(SENT, topic, null, ok ? "ok" : "error"));
  }

  Counter consumedCounter(String topic, String group, boolean ok) {
    return counter(new Key(CONSUMED, topic, group, ok ? "ok" : "error"));
  }

  Timer processTimer(String topic, String group, boolean ok) {
    return timer(new Key(PROCESS, topic, group, ok ? "ok" : "error"));
  }

  Timer endToEndTimer(String topic, String group) {
    return timer(new Key(E2E, topic, group, null));
  }

  /** Now minus the produce timestamp; a negative value (clock skew) is not a latency and is dropped. */
  static void recordEndToEnd(Timer timer, long millis) {
    if (millis >= 0) {
      timer.record(millis, TimeUnit.MILLISECONDS);
    }
  }

  private Counter counter(Key key) {
    Object meter = meters.get(key);
    if (meter == null) {
      Counter.Builder builder = Counter.builder(key.meter()).tag(DESTINATION, key.topic()).tag(RESULT, key.result());
      if (key.group() != null) {
        builder.tag(GROUP, key.group());
      }
      meter = cache(key, builder.register(registry));
    }
    return (Counter) meter;
  }

  private Timer timer(Key key) {
    Object meter = meters.get(key);
    if (meter == null) {
      Timer.Builder builder = Timer.builder(key.meter()).tag(DESTINATION, key.topic()).tag(GROUP, key.group())
          .serviceLevelObjectives(buckets);
      if (key.result() != null) {
        builder.tag(RESULT, key.result());
      }
      meter = cache(key, builder.register(registry));
    }
    return (Timer) meter;
  }

  private Object cache(Key key, Object meter) {
    if (meters.size() < MAX_CACHED) {
      meters.put(key, meter);
    }
    return meter;
  }
}
