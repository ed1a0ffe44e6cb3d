package dev.o11y.sdk;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method (or every public method of a type) as an operation: each call gets a span, RED
 * metrics ({@code o11y_operation_duration_seconds}, {@code o11y_operation_active}) and trace-correlated
 * log lines.
 *
 * <pre>{@code
 * @Monitored
 * public Order find(long id) { ... }
 *
 * @Monitored(value = "checkout", slo = @Slo(successRate = 99.9, latency = "300ms"))
 * public Receipt checkout(Cart cart) { ... }
 * }</pre>
 *
 * <p>The call ends when its result is really done: for a {@link java.util.concurrent.CompletionStage}
 * that is when the stage completes. An exception marks {@code result="error"} and is rethrown unchanged.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Monitored {

  /** Operation name; empty means {@code SimpleClassName.method}. */
  String value() default "";

  /** Service level objective of this operation; the default declares none. */
  Slo slo() default @Slo;
}
