package dev.o11y.sdk;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A platform team's hook to rename and retag every operation once, for every signal, the way
 * Micrometer's {@code ObservationConvention} does for observations. Register conventions with
 * {@link O11y.Builder#convention(O11yConvention)}; they apply in registration order.
 *
 * <p>Each method is called once per operation (or once per key), never per call, so a convention
 * costs nothing on the hot path.
 *
 * <pre>{@code
 * O11y.builder()
 *     .convention(O11yConvention.renameOperations(n -> "shop." + n))
 *     .convention(O11yConvention.tag("team", op -> op.type() == null ? "none" : teamOf(op.type())))
 *     .convention(O11yConvention.denyKeys("user_id", "session"))
 *     .build();
 * }</pre>
 */
public interface O11yConvention {

  /** The operation name used as metric label, span name and log field. */
  default String operationName(OperationDescriptor operation) {
    return operation.name();
  }

  /**
   * Extra label keys this convention adds to every operation's metrics and span attributes. The set
   * is fixed so every series of a metric has the same label names, as Prometheus requires.
   */
  default List<String> tagKeys() {
    return List.of();
  }

  /** Value of one of {@link #tagKeys()} for an operation; {@code null} becomes {@code "none"}. */
  default String tagValue(String key, OperationDescriptor operation) {
    return null;
  }

  /**
   * Whether a metric label, span attribute, resource attribute or log field with this key may leave
   * the process. A denied key never reaches any backend.
   */
  default boolean allowsKey(String key) {
    return true;
  }

  /** Histogram boundaries (seconds, ascending) of an operation's duration; SLO thresholds are added after. */
  default double[] durationBuckets(OperationDescriptor operation, double[] defaults) {
    return defaults;
  }

  /** Renames every operation, e.g. to add a prefix. */
  static O11yConvention renameOperations(UnaryOperator<String> rename) {
    Objects.requireNonNull(rename, "rename");
    return new O11yConvention() {
      @Override
      public String operationName(OperationDescriptor operation) {
        return rename.apply(operation.name());
      }
    };
  }

  /** Adds one label/attribute to every operation, its value derived from the operation. */
  static O11yConvention tag(String key, Function<OperationDescriptor, String> value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    return new O11yConvention() {
      @Override
      public List<String> tagKeys() {
        return List.of(key);
      }

      @Override
      public String tagValue(String k, OperationDescriptor operation) {
        return key.equals(k) ? value.apply(operation) : null;
      }
    };
  }

  /** Keys that never leave the process, in metrics, spans or logs. */
  static O11yConvention denyKeys(String... keys) {
    Set<String> denied = Set.copyOf(Arrays.asList(keys));
    return new O11yConvention() {
      @Override
      public boolean allowsKey(String key) {
        return !denied.contains(key);
      }
    };
  }

  /** Replaces the default duration buckets (seconds) for every operation. */
  static O11yConvention durationBuckets(double... secondsAscending) {
    double[] buckets = secondsAscending.clone();
    for (int i = 1; i < buckets.length; i++) {
      if (!(buckets[i] > buckets[i - 1])) {
        throw new O11yConfigurationException(
            "O11yConvention.durationBuckets: boundaries must be strictly ascending, got "
                + Arrays.toString(buckets));
      }
    }
    return new O11yConvention() {
      @Override
      public double[] durationBuckets(OperationDescriptor operation, double[] defaults) {
        return buckets.clone();
      }
    };
  }
}
