package dev.o11y.sdk.internal;

import dev.o11y.sdk.OperationDescriptor;
import dev.o11y.sdk.internal.metrics.OperationMeters;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;

/** Everything about one operation that can be computed before its first call. */
public record Operation(
    String name,
    OperationDescriptor descriptor,
    SpanKind kind,
    Attributes spanAttributes,
    OperationMeters meters) {}
