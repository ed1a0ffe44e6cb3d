package dev.o11y.sdk.internal.tracing;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.trace.samplers.Sampler;

/**
 * Whether the configured sampler is known to drop every child of an unsampled parent. When it is,
 * a nested operation in an unsampled trace can skip creating a span (and its ids, context and
 * scope) altogether: the span would be non-recording and nothing would ever see it.
 *
 * <p>Only OpenTelemetry's own samplers are recognised, by their documented descriptions ({@code
 * AlwaysOffSampler}, and {@code ParentBased{...}} whose not-sampled-parent delegates are {@code
 * AlwaysOffSampler}, its default). Anything else gets a real span for every call.
 */
public record UnsampledParentPolicy(boolean dropsUnderLocal, boolean dropsUnderRemote) {

  private static final String ALWAYS_OFF = "AlwaysOffSampler";

  public static final UnsampledParentPolicy UNKNOWN = new UnsampledParentPolicy(false, false);

  public static UnsampledParentPolicy of(Sampler sampler) {
    if (sampler == null) {
      return UNKNOWN;
    }
    String description = sampler.getDescription();
    if (ALWAYS_OFF.equals(description)) {
      return new UnsampledParentPolicy(true, true);
    }
    if (description == null || !description.startsWith("ParentBased{")) {
      return UNKNOWN;
    }
    return new UnsampledParentPolicy(
        delegatesToAlwaysOff(description, "localParentNotSampled"),
        delegatesToAlwaysOff(description, "remoteParentNotSampled"));
  }

  /** {@code ParentBased{...,role:AlwaysOffSampler,...}}, the entry ending at a comma or the brace. */
  private static boolean delegatesToAlwaysOff(String description, String role) {
    String entry = role + ":" + ALWAYS_OFF;
    return description.contains(entry + ",") || description.contains(entry + "}");
  }

  /** True when a child of {@code parent} would certainly be dropped. */
  public boolean drops(SpanContext parent) {
    if (!parent.isValid() || parent.isSampled()) {
      return false;
    }
    return parent.isRemote() ? dropsUnderRemote : dropsUnderLocal;
  }
}
