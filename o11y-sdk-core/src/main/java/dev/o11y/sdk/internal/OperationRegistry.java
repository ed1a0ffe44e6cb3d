package dev.o11y.sdk.internal;

import dev.o11y.sdk.O11yConfigurationException;
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
import java.util.function.Supplier;

/**
 * One {@link Operation} per operation name, bounded: past the series limit every new name maps to
 * the shared {@code _other_} operation, so a name built from user input can never grow memory or
 * series without bound. Lookups of known names allocate nothing.
 *
 * <p>An operation has one objective: its latency threshold is a bucket boundary of the one histogram
 * the name gets. Two methods declaring one name (two {@code @Monitored("checkout")}, or overloads
 * sharing {@code Class.method}) must declare the same {@code @Slo}, or both none.
 */
public final class OperationRegistry {

  private static final AttributeKey<String> CODE_FUNCTION = AttributeKey.stringKey("code.function.name");

  private final MeterRegistry registry;
  private final Conventions conventions;
  private final CardinalityLimitFilter limiter;
  private final String exposedDurationName;
  private final SdkErrors errors;
  private final int limit;
  private final Map<String, Operation> byRawName = new ConcurrentHashMap<>();
  private final Map<String, Operation> byName = new ConcurrentHashMap<>();
  private volatile Operation overflow;

  public OperationRegistry(
      MeterRegistry registry, Conventions conventions, CardinalityLimitFilter limiter, String exposedDurationName,
      SdkErrors errors) {
    this.registry = registry;
    this.errors = errors;
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

  /**
   * For annotated methods: called once per method when a proxy is built or a Spring context starts.
   *
   * @throws O11yConfigurationException if the name was declared before with another objective
   */
  public Operation resolve(OperationDescriptor descriptor) {
    return resolve(descriptor, true);
  }

  private Operation resolve(OperationDescriptor descriptor, boolean conflictThrows) {
    String name = conventions.operationName(descriptor);
    Operation existing = byName.get(name);
    if (existing != null) {
      return checked(name, existing, descriptor, conflictThrows);
    }
    synchronized (byName) {
      existing = byName.get(name);
      if (existing != null) {
        return checked(name, existing, descriptor, conflictThrows);
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

  /**
   * For a declaration first met inside an application call (a Spring bean the context's startup check
   * did not see): never throws into it. A conflicting objective is counted in {@code
   * o11y_sdk_internal_errors_total} and logged, and the operation keeps its first declaration; a
   * declaration that cannot be made an operation at all (an invalid {@code @Slo}, a convention that
   * throws) gives null, and the call runs unmonitored.
   */
  public Operation resolveDuringCall(Supplier<OperationDescriptor> declaration) {
    try {
      return resolve(declaration.get(), false);
    } catch (RuntimeException | LinkageError e) {
      errors.report("@Monitored operation", e);
      return null;
    }
  }

  /**
   * {@code existing}, when {@code next} agrees with how it was declared ({@code o11y.observe(name,
   * ..)} declares nothing, so it joins any operation of its name); else the conflict is thrown, or
   * reported and the first declaration kept.
   */
  private Operation checked(String name, Operation existing, OperationDescriptor next, boolean conflictThrows) {
    OperationDescriptor first = existing.descriptor();
    if (next.type() == null || first.objective().equals(next.objective())) {
      return existing;
    }
    O11yConfigurationException conflict = conflict(name, first, next);
    if (conflictThrows) {
      throw conflict;
    }
    errors.report("@Monitored operation '" + name + "'", conflict);
    return existing;
  }

  private static O11yConfigurationException conflict(String name, OperationDescriptor first, OperationDescriptor next) {
    if (first.type() == null) {
      return new O11yConfigurationException("operation '" + name + "': " + declarer(next) + " declares "
          + Objectives.describe(next.objective()) + ", but o11y.observe(\"" + first.name() + "\", ..) already made"
          + " the operation without one, so the objective could not apply; instrument before the first"
          + " observe(..) of that name, or give them different names");
    }
    String overloads = declarer(first).equals(declarer(next)) ? " (overloads)" : "";
    return new O11yConfigurationException("operation '" + name + "' is declared with different objectives: "
        + declarer(first) + " with " + Objectives.describe(first.objective()) + " and " + declarer(next)
        + overloads + " with " + Objectives.describe(next.objective()) + "; an operation has one objective:"
        + " put the same @Slo on both methods, or give them different names with @Monitored(\"...\")");
  }

  private static String declarer(OperationDescriptor descriptor) {
    return descriptor.type().getName() + "." + descriptor.method();
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
