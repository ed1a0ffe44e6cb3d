package dev.o11y.sdk.internal.tracing;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.regex.Pattern;

/**
 * What the SDK may rely on about the configured sampler, to skip work whose result nobody could see.
 *
 * <ul>
 *   <li>Whether it drops every child of an unsampled parent. Then a nested operation in an unsampled
 *       trace can skip creating a span (and its ids, context and scope) altogether.
 *   <li>Whether it reads span attributes at all. When it does not, a span's attributes are built
 *       after the decision and only for a span that records, instead of for every request.
 * </ul>
 *
 * <p>Only OpenTelemetry's own samplers are recognised, by their documented descriptions ({@code
 * AlwaysOnSampler}, {@code AlwaysOffSampler}, {@code TraceIdRatioBased{0.100000}} and {@code
 * ParentBased{...}} over those). Anything else is assumed to read attributes and to record children
 * of unsampled parents, so it gets every attribute before its decision and a real span per call.
 * Attribute-blindness also needs the sampler to be one of OpenTelemetry's classes: a wrapper that
 * borrows its delegate's description (to be treated like it for unsampled parents) may add rules on
 * attributes, and losing them would silently change what is sampled. A custom sampler inside {@code
 * ParentBased} that borrows a built-in's description is not detected.
 */
public record KnownSampler(boolean dropsUnderLocal, boolean dropsUnderRemote, boolean readsAttributes) {

  private static final String ALWAYS_OFF = "AlwaysOffSampler";
  private static final String OPEN_TELEMETRYS_SAMPLERS = "io.opentelemetry.sdk.trace.samplers.";

  /** Descriptions made only of OpenTelemetry's samplers that decide on the trace id and parent alone. */
  private static final Pattern ATTRIBUTE_BLIND = Pattern.compile(
      "(?:ParentBased\\{|(?:root|remoteParentSampled|remoteParentNotSampled|localParentSampled"
          + "|localParentNotSampled):|AlwaysOnSampler|AlwaysOffSampler|TraceIdRatioBased\\{[0-9.]+}|[,}])+");

  public static final KnownSampler UNKNOWN = new KnownSampler(false, false, true);

  public static KnownSampler of(Sampler sampler) {
    String description = sampler == null ? null : sampler.getDescription();
    if (description == null) {
      return UNKNOWN;
    }
    boolean readsAttributes = !sampler.getClass().getName().startsWith(OPEN_TELEMETRYS_SAMPLERS)
        || !ATTRIBUTE_BLIND.matcher(description).matches();
    if (ALWAYS_OFF.equals(description)) {
      return new KnownSampler(true, true, readsAttributes);
    }
    if (!description.startsWith("ParentBased{")) {
      return new KnownSampler(false, false, readsAttributes);
    }
    return new KnownSampler(
        delegatesToAlwaysOff(description, "localParentNotSampled"),
        delegatesToAlwaysOff(description, "remoteParentNotSampled"),
        readsAttributes);
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
