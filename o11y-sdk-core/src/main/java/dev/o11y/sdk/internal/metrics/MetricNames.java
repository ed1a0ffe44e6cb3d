package dev.o11y.sdk.internal.metrics;

/** Micrometer names of the SDK's meters; the Prometheus names in DESIGN.md follow from these. */
public final class MetricNames {

  /** {@code o11y_operation_duration_seconds} */
  public static final String OPERATION_DURATION = "o11y.operation.duration";
  /** {@code o11y_operation_active} */
  public static final String OPERATION_ACTIVE = "o11y.operation.active";
  /** {@code o11y_build_info} */
  public static final String BUILD_INFO = "o11y.build.info";
  /** {@code o11y_sdk_cardinality_overflow_total} */
  public static final String CARDINALITY_OVERFLOW = "o11y.sdk.cardinality.overflow";
  /** {@code o11y_sdk_dropped_spans_total} */
  public static final String DROPPED_SPANS = "o11y.sdk.dropped.spans";
  /** {@code o11y_sdk_dropped_profiles_total} */
  public static final String DROPPED_PROFILES = "o11y.sdk.dropped.profiles";
  /** {@code o11y_sdk_internal_errors_total} */
  public static final String INTERNAL_ERRORS = "o11y.sdk.internal.errors";

  public static final String OPERATION = "operation";
  public static final String RESULT = "result";
  public static final String ERROR_TYPE = "error_type";
  public static final String SERVICE = "service";
  public static final String ENV = "env";

  public static final String OK = "ok";
  public static final String ERROR = "error";
  public static final String NONE = "none";
  /** Label value that absorbs everything beyond a series cap. */
  public static final String OVERFLOW = "_other_";

  private MetricNames() {}
}
