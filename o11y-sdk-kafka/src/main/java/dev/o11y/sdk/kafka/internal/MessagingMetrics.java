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
 * The messaging meters of DESIGN.md. Meters are cached per label set so the per-record path does
 * not build meter ids; the registry's series cap bounds what topics and groups can create.
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
    counter(new Key(SENT, topic, null, ok ? "ok" : "error")).increment();
  }

  public void consumed(String topic, String group, boolean ok) {
    counter(new Key(CONSUMED, topic, group, ok ? "ok" : "error")).increment();
  }

  public void processed(String topic, String group, boolean ok, long nanos) {
    timer(new Key(PROCESS, topic, group, ok ? "ok" : "error")).record(nanos, TimeUnit.NANOSECONDS);
  }

  public void endToEnd(String topic, String group, long millis) {
    if (millis >= 0) {
      timer(new Key(E2E, topic, group, null)).record(millis, TimeUnit.MILLISECONDS);
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
