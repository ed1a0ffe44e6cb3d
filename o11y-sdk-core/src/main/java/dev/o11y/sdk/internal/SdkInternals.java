package dev.o11y.sdk.internal;

import dev.o11y.sdk.O11y;
import dev.o11y.sdk.internal.tracing.SpanExportGate;

/**
 * The parts of an {@link O11y} that o11y-sdk's own modules (Spring, Kafka) build on. They live here,
 * not on {@code O11y}, so an application's code completion offers only the API it is meant to use;
 * {@code O11y} grants access to them when its class loads, which is before any instance exists.
 */
public final class SdkInternals {

  /** Implemented inside {@code O11y}, so its fields stay private. */
  public interface Access {
    Instrumenter instrumenter(O11y o11y);

    OperationRegistry operations(O11y o11y);

    InterceptionReport interceptionReport(O11y o11y);

    SpanExportGate exportGate(O11y o11y);

    boolean profilingConfigured(O11y o11y);

    String profilingFailure(O11y o11y);

    ServiceIdentity serviceIdentity(O11y.Builder builder);
  }

  private static volatile Access access;

  private SdkInternals() {}

  /** Called once, by {@code O11y}'s class initializer. */
  public static void grant(Access granted) {
    if (access != null) {
      throw new IllegalStateException("access is granted once, by O11y");
    }
    access = granted;
  }

  /** The instrumentation core every integration (annotation, HTTP, JDBC, Kafka) reuses. */
  public static Instrumenter instrumenter(O11y o11y) {
    return access.instrumenter(o11y);
  }

  /** For integrations that resolve their own operations. */
  public static OperationRegistry operations(O11y o11y) {
    return access.operations(o11y);
  }

  /** For integrations that report methods they cannot intercept. */
  public static InterceptionReport interceptionReport(O11y o11y) {
    return access.interceptionReport(o11y);
  }

  /**
   * The service identity {@code builder} would build with, for log lines written before any {@code
   * O11y} exists (Spring Boot's first lines). Initialises {@code O11y} if it has not been.
   */
  public static ServiceIdentity serviceIdentity(O11y.Builder builder) {
    return access.serviceIdentity(builder);
  }

  /** Export health, for self-checks. */
  public static SpanExportGate exportGate(O11y o11y) {
    return access.exportGate(o11y);
  }

  /** Whether this instance was given a profiling URL, whatever became of it; for self-checks. */
  public static boolean profilingConfigured(O11y o11y) {
    return access.profilingConfigured(o11y);
  }

  /**
   * Why this instance's profiler could not start (the platform, the native library, the profiler
   * refusing), without credentials; null when it runs or was not configured. For self-checks.
   */
  public static String profilingFailure(O11y o11y) {
    return access.profilingFailure(o11y);
  }
}
