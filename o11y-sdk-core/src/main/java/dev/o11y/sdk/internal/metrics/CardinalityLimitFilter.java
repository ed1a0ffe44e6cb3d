package dev.o11y.sdk.internal.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A series cap per metric name for every meter of the registry: once a metric has {@code limit}
 * distinct label sets, further ones are folded into one series whose variable labels read {@code
 * _other_}. This is the safety net; the SDK's own hot paths already bound their labels before
 * reaching Micrometer.
 */
public final class CardinalityLimitFilter implements MeterFilter {

  private final int limit;
  private final Set<String> fixedKeys;
  private final Function<Meter.Id, String> exposedName;
  private final Map<String, Set<List<Tag>>> seriesByName = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> overflowsByName = new ConcurrentHashMap<>();
  private volatile BiConsumer<String, AtomicLong> onFirstOverflow = (name, count) -> {};

  /**
   * @param fixedKeys labels with one value per process (service, env): never folded
   * @param exposedName the name users see for a meter (its Prometheus name), used as the {@code
   *     metric} label of the overflow counter
   */
  public CardinalityLimitFilter(int limit, Set<String> fixedKeys, Function<Meter.Id, String> exposedName) {
    this.limit = limit;
    this.fixedKeys = Set.copyOf(fixedKeys);
    this.exposedName = exposedName;
  }

  /** Called once per metric name the first time it overflows, to expose the count as a meter. */
  public void onFirstOverflow(BiConsumer<String, AtomicLong> listener) {
    this.onFirstOverflow = listener;
  }

  @Override
  public Meter.Id map(Meter.Id id) {
    if (id.getName().equals(MetricNames.CARDINALITY_OVERFLOW)) {
      return id; // bounded by the number of metric names; folding it would hide which one overflowed
    }
    List<Tag> tags = id.getTags();
    if (isFolded(tags)) {
      return id; // already folded upstream (an SDK hot path): it is the overflow series itself
    }
    Set<List<Tag>> series = seriesByName.computeIfAbsent(id.getName(), n -> ConcurrentHashMap.newKeySet());
    if (series.contains(tags)) {
      return id;
    }
    synchronized (series) {
      // one slot stays free for the _other_ series, so the total never exceeds the limit
      if (series.size() < limit - 1) {
        series.add(tags);
        return id;
      }
    }
    countOverflow(exposedName.apply(id));
    List<Tag> folded = new ArrayList<>(tags.size());
    for (Tag tag : tags) {
      folded.add(fixedKeys.contains(tag.getKey()) || isKeptOutcome(tag) ? tag : Tag.of(tag.getKey(), MetricNames.OVERFLOW));
    }
    return id.replaceTags(folded);
  }

  /**
   * {@code result="ok"} or {@code "error"} survives folding, so the error ratio (what SLO alerts
   * compute) stays right for what overflowed: one more series at most. So does {@code
   * error_type="none"}, the successes' constant, so folded successes land in the same series as the
   * SDK's own {@code _other_} operation's. Any other value is folded.
   */
  private static boolean isKeptOutcome(Tag tag) {
    String value = tag.getValue();
    return tag.getKey().equals(MetricNames.RESULT) && (value.equals(MetricNames.OK) || value.equals(MetricNames.ERROR))
        || tag.getKey().equals(MetricNames.ERROR_TYPE) && value.equals(MetricNames.NONE);
  }

  private static boolean isFolded(List<Tag> tags) {
    for (Tag tag : tags) {
      if (MetricNames.OVERFLOW.equals(tag.getValue())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Counts a value folded into {@code _other_} by this filter or by an SDK hot path.
   *
   * @param metricName the exposed (Prometheus) name
   */
  public void countOverflow(String metricName) {
    AtomicLong[] created = new AtomicLong[1];
    AtomicLong count =
        overflowsByName.computeIfAbsent(metricName, n -> created[0] = new AtomicLong());
    count.incrementAndGet();
    if (created[0] != null) {
      onFirstOverflow.accept(metricName, count);
    }
  }

  public int limit() {
    return limit;
  }
}
