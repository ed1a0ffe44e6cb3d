package dev.o11y.sdk.internal.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The RED meters of one operation, created once: the ok timer is a field, error timers are looked
 * up by exception class, so recording a call allocates nothing.
 */
public final class OperationMeters {

  /** Distinct {@code error_type} values per operation before folding into {@code _other_}. */
  static final int MAX_ERROR_TYPES = 32;

  private final MeterRegistry registry;
  private final Tags tags;
  private final Duration[] buckets;
  private final CardinalityLimitFilter limiter;
  private final String exposedDurationName;
  private final Timer ok;
  private final AtomicInteger active = new AtomicInteger();
  private final Map<Class<?>, Timer> errors = new ConcurrentHashMap<>();

  /**
   * @param tags {@code operation} plus convention tags (service/env come from the registry)
   */
  public OperationMeters(
      MeterRegistry registry, Tags tags, Duration[] buckets, CardinalityLimitFilter limiter,
      String exposedDurationName) {
    this.registry = registry;
    this.tags = tags;
    this.buckets = buckets;
    this.limiter = limiter;
    this.exposedDurationName = exposedDurationName;
    this.ok = timer(MetricNames.OK, MetricNames.NONE);
    Gauge.builder(MetricNames.OPERATION_ACTIVE, active, AtomicInteger::get)
        .description("Calls of the operation in progress")
        .tags(tags)
        .register(registry);
  }

  public Timer ok() {
    return ok;
  }

  public Timer error(Throwable error) {
    Class<?> type = error.getClass();
    Timer timer = errors.get(type);
    if (timer != null) {
      return timer;
    }
    String errorType = errorType(type);
    if (errors.size() >= MAX_ERROR_TYPES) {
      limiter.countOverflow(exposedDurationName);
      errorType = MetricNames.OVERFLOW;
      return timer(MetricNames.ERROR, errorType); // same meter instance every time; not cached to keep the map bounded
    }
    String finalType = errorType;
    return errors.computeIfAbsent(type, t -> timer(MetricNames.ERROR, finalType));
  }

  /** Records one finished call: its duration by outcome, and it is no longer active. */
  public void record(long nanos, Throwable error) {
    Timer timer = error == null ? ok : error(error);
    timer.record(nanos, TimeUnit.NANOSECONDS);
    active.decrementAndGet();
  }

  public AtomicInteger active() {
    return active;
  }

  /** Simple name, as DESIGN.md fixes; anonymous exception classes fall back to their binary name. */
  static String errorType(Class<?> type) {
    String simple = type.getSimpleName();
    return simple.isEmpty() ? type.getName() : simple;
  }

  private Timer timer(String result, String errorType) {
    return Timer.builder(MetricNames.OPERATION_DURATION)
        .description("Duration of monitored operations")
        .tags(tags)
        .tag(MetricNames.RESULT, result)
        .tag(MetricNames.ERROR_TYPE, errorType)
        .serviceLevelObjectives(buckets)
        .register(registry);
  }
}
