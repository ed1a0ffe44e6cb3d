package dev.o11y.sdk;

import java.util.Optional;

/**
 * What a convention knows about an operation when it names, tags or buckets it. Built once per
 * operation, never per call.
 *
 * @param name the operation name before conventions (annotation value or {@code Class.method})
 * @param type the class that declares the operation, or {@code null} for {@code o11y.observe(..)}
 * @param method the Java method name, or {@code null} for {@code o11y.observe(..)}
 * @param objective the declared objective, if any
 */
public record OperationDescriptor(
    String name, Class<?> type, String method, Optional<ServiceLevelObjective> objective) {

  public OperationDescriptor {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("operation name must not be blank");
    }
    objective = objective == null ? Optional.empty() : objective;
  }

  /** A named block of code with no class behind it, as {@code o11y.observe(name, ..)} creates. */
  public static OperationDescriptor named(String name) {
    return new OperationDescriptor(name, null, null, Optional.empty());
  }
}
