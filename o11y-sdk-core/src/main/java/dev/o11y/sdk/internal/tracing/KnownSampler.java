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
  private static final String PARENT_BASED = "ParentBased{";
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
    return new KnownSampler(
        dropsUnderUnsampled(description, "localParentNotSampled"),
        dropsUnderUnsampled(description, "remoteParentNotSampled"),
        readsAttributes);
  }

  /**
   * Whether the sampler so described drops a child of an unsampled parent of the kind {@code role}
   * names. A {@code ParentBased} asks the same parent again, so its own entry for the role decides.
   */
  private static boolean dropsUnderUnsampled(String description, String role) {
    if (ALWAYS_OFF.equals(description)) {
      return true;
    }
    String delegate = entry(description, role);
    return delegate != null && dropsUnderUnsampled(delegate, role);
  }

  /**
   * What {@code ParentBased{root:…,role:…,…}} gives for {@code role}, read at its top level only (a
   * nested {@code ParentBased}'s entries are its own); null for any other description.
   */
  static String entry(String description, String role) {
    if (!description.startsWith(PARENT_BASED)) {
      return null;
    }
    int depth = 0;
    int valueStart = -1;
    for (int i = 0; i < description.length(); i++) {
      char c = description.charAt(i);
      if (depth == 1 && valueStart >= 0 && (c == ',' || c == '}')) {
        return description.substring(valueStart, i);
      }
      if (c == '{') {
        depth++;
      } else if (c == '}') {
        depth--;
      }
      if (depth == 1 && valueStart < 0 && (c == '{' || c == ',') && description.startsWith(role + ":", i + 1)) {
        valueStart = i + 1 + role.length() + 1;
        i = valueStart - 1;
      }
    }
    return null;
  }

  /** True when a child of {@code parent} would certainly be dropped. */
  public boolean drops(SpanContext parent) {
    if (!parent.isValid() || parent.isSampled()) {
      return false;
    }
    return parent.isRemote() ? dropsUnderRemote : dropsUnderLocal;
  }
}
