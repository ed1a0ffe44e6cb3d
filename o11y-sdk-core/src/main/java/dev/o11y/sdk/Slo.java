package dev.o11y.sdk;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A service level objective declared next to the code it measures. Only meaningful inside {@link
 * Monitored#slo()}. An objective declares a success rate, a latency threshold, or both.
 *
 * <p>Invalid values fail when the operation is first resolved, with a message naming the method.
 * Every declared latency becomes an exact bucket boundary of {@code o11y_operation_duration_seconds}
 * so the latency SLI is an exact {@code le} series, never an interpolation.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({})
public @interface Slo {

  /** Percent of calls that must succeed, strictly between 0 and 100, e.g. {@code 99.9}. NaN = none. */
  double successRate() default Double.NaN;

  /** Latency threshold such as {@code "300ms"}, {@code "1.5s"}, {@code "2m"}; empty = none. */
  String latency() default "";

  /** Percent of calls that must be faster than {@link #latency()}, strictly between 0 and 100. */
  double latencyPercentile() default 99.0;
}
