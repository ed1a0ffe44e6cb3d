package dev.o11y.sdk.internal;

/**
 * What an {@code O11y} built from a builder would call its service: the {@code service}, {@code env}
 * and {@code version} of every metric series, span and log line. {@code service} is null when none
 * is configured (building would fail); the others fall back to {@code unknown}.
 */
public record ServiceIdentity(String service, String environment, String version) {}
