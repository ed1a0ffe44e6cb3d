package dev.o11y.sdk.internal;

import dev.o11y.sdk.OperationDescriptor;
import dev.o11y.sdk.internal.metrics.CardinalityLimitFilter;
import dev.o11y.sdk.internal.metrics.DurationBuckets;
import dev.o11y.sdk.internal.metrics.MetricNames;
import dev.o11y.sdk.internal.metrics.OperationMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanKind;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link Operation} per operation name, bounded: past the series limit every new name maps to
 * the shared {@code _other_} operation, so a name built from user input can never grow memory or
 * series without bound. Lookups of known names allocate nothing.
 */
public final class OperationRegistry {

  private static final AttributeKey<String> CODE_FUNCTION = AttributeKey.stringKey("code.function.name");

  private final MeterRegistry registry;
  private final Conventions conventions;
  private final CardinalityLimitFilter limiter;
  private final String exposedDurationName;
  private final int limit;
  private final Map<String, Operation> byRawName = new ConcurrentHashMap<>();
  private final Map<String, Operation> byName = new ConcurrentHashMap<>();
  private volatile Operation overflow;

  public OperationRegistry(
      MeterRegistry registry, Conventions conventions, CardinalityLimitFilter limiter, String exposedDurationName) {
    this.registry = registry;
    this.conventions = conventions;
    this.limiter = limiter;
    this.exposedDurationName = exposedDurationName;
    // one slot stays free for _other_ itself, so overflowing never exceeds the limit
    this.limit = Math.max(1, limiter.limit() - 1);
  }

  /** For {@code o11y.observe(name, ..)}: names may be dynamic, so this path is the bounded one. */
  public Operation named(String rawName) {
    Operation operation = byRawName.get(rawName);
    if (operation != null) {
      return operation;
    }
    if (byRawName.size() >= limit) {
      limiter.countOverflow(exposedDurationName);
      return overflow();
    }
    operation = resolve(OperationDescriptor.named(rawName));
    Operation raced = byRawName.putIfAbsent(rawName, operation);
    return raced != null ? raced : operation;
  }

  /** For annotated methods: called once per method when a proxy or aspect is built. */
  public Operation resolve(OperationDescriptor descriptor) {
    String name = conventions.operationName(descriptor);
    Operation existing = byName.get(name);
    if (existing != null) {
      return existing;
    }
    synchronized (byName) {
      existing = byName.get(name);
      if (existing != null) {
        return existing;
      }
      if (byName.size() >= limit) {
        limiter.countOverflow(exposedDurationName);
        return overflow();
      }
      Operation created = create(name, descriptor);
      byName.put(name, created);
      return created;
    }
  }

  private Operation overflow() {
    Operation current = overflow;
    if (current == null) {
      synchronized (this) {
        current = overflow;
        if (current == null) {
          current = create(MetricNames.OVERFLOW, OperationDescriptor.named(MetricNames.OVERFLOW));
          overflow = current;
        }
      }
    }
    return current;
  }

  private Operation create(String name, OperationDescriptor descriptor) {
    Map<String, String> conventionTags = conventions.tags(descriptor);
    Tags tags = Tags.of(MetricNames.OPERATION, name);
    AttributesBuilder attributes = Attributes.builder();
    for (Map.Entry<String, String> tag : conventionTags.entrySet()) {
      tags = tags.and(tag.getKey(), tag.getValue());
      attributes.put(tag.getKey(), tag.getValue());
    }
    if (descriptor.type() != null && conventions.allowsKey(CODE_FUNCTION.getKey())) {
      attributes.put(CODE_FUNCTION, descriptor.type().getName() + "." + descriptor.method());
    }
    Duration threshold = descriptor.objective().flatMap(o -> o.latency()).orElse(null);
    Duration[] buckets = DurationBuckets.withThreshold(
        conventions.durationBuckets(descriptor, DurationBuckets.defaults()), threshold);
    OperationMeters meters = new OperationMeters(registry, tags, buckets, limiter, exposedDurationName);
    return new Operation(name, descriptor, SpanKind.INTERNAL, attributes.build(), meters);
  }
}
