package dev.o11y.sdk.internal;

import dev.o11y.sdk.O11yConfigurationException;
import dev.o11y.sdk.ServiceLevelObjective;
import dev.o11y.sdk.Slo;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Validates {@link Slo} declarations and parses their latency strings. */
public final class Objectives {

  private static final Pattern LATENCY = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(us|µs|ms|s|m)\\s*");

  private Objectives() {}

  /**
   * @param where the method or operation that declares the objective, used in the error message
   * @return empty when the annotation declares nothing
   */
  public static Optional<ServiceLevelObjective> from(Slo slo, String where) {
    boolean hasRate = !Double.isNaN(slo.successRate());
    boolean hasLatency = !slo.latency().isBlank();
    if (!hasRate && !hasLatency) {
      return Optional.empty();
    }
    if (hasRate && !(slo.successRate() > 0 && slo.successRate() < 100)) {
      throw new O11yConfigurationException(
          "@Slo(successRate = " + slo.successRate() + ") on " + where
              + ": successRate is a percentage strictly between 0 and 100, e.g. 99.9");
    }
    if (!(slo.latencyPercentile() > 0 && slo.latencyPercentile() < 100)) {
      throw new O11yConfigurationException(
          "@Slo(latencyPercentile = " + slo.latencyPercentile() + ") on " + where
              + ": latencyPercentile is a percentage strictly between 0 and 100, e.g. 99.0");
    }
    Optional<Duration> latency = Optional.empty();
    if (hasLatency) {
      latency = Optional.of(parseLatency(slo.latency(), "@Slo(latency) on " + where));
    }
    return Optional.of(
        new ServiceLevelObjective(
            hasRate ? OptionalDouble.of(slo.successRate()) : OptionalDouble.empty(),
            latency,
            slo.latencyPercentile()));
  }

  /** {@code @Slo(successRate = 99.9, latency = "300ms", latencyPercentile = 99.0)}, or {@code no @Slo}, for messages. */
  public static String describe(Optional<ServiceLevelObjective> objective) {
    if (objective.isEmpty()) {
      return "no @Slo";
    }
    ServiceLevelObjective slo = objective.get();
    List<String> parts = new ArrayList<>();
    slo.successRate().ifPresent(rate -> parts.add("successRate = " + rate));
    slo.latency().ifPresent(latency -> {
      parts.add("latency = \"" + ShutdownDeadline.describe(latency) + "\"");
      parts.add("latencyPercentile = " + slo.latencyPercentile());
    });
    return "@Slo(" + String.join(", ", parts) + ")";
  }

  /** Parses {@code "300ms"}, {@code "1.5s"}, {@code "250us"}, {@code "2m"}: a latency objective, above zero. */
  public static Duration parseLatency(String text, String where) {
    Duration latency = parse(text, where, "latency '");
    if (latency.isZero()) {
      throw new O11yConfigurationException(where + ": latency '" + text + "' must be greater than zero");
    }
    return latency;
  }

  /** A duration setting in the same notation; its range is the caller's to check and name. */
  public static Duration parseDuration(String text, String where) {
    return parse(text, where, "'");
  }

  private static Duration parse(String text, String where, String prefix) {
    Matcher m = LATENCY.matcher(text);
    if (!m.matches()) {
      throw new O11yConfigurationException(
          where + ": " + prefix + text + "' is not a duration; write it like \"300ms\", \"1.5s\" or \"2m\"");
    }
    BigDecimal amount = new BigDecimal(m.group(1));
    BigDecimal nanosPerUnit =
        switch (m.group(2)) {
          case "us", "µs" -> BigDecimal.valueOf(1_000L);
          case "ms" -> BigDecimal.valueOf(1_000_000L);
          case "s" -> BigDecimal.valueOf(1_000_000_000L);
          default -> BigDecimal.valueOf(60_000_000_000L);
        };
    return Duration.ofNanos(Math.max(0, amount.multiply(nanosPerUnit).longValue()));
  }
}
