package dev.o11y.sdk.testing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A parsed Prometheus scrape, in text format 0.0.4 or OpenMetrics 1.0 (exemplars included), with
 * query helpers for assertions.
 *
 * <p>Parsing is strict: a malformed line fails with its line number, so parsing a scrape in a test
 * also proves the exposition is well formed. Label-value escapes are decoded.
 */
public final class PrometheusScrape {

  /** One sample line; {@code exemplar} is null when the line has none. */
  public record Sample(String name, Map<String, String> labels, double value, Exemplar exemplar) {

    public Sample {
      Objects.requireNonNull(name, "name");
      labels = Map.copyOf(labels);
    }

    /** Reads like the exposition line, so assertion messages are easy to match against a scrape. */
    @Override
    public String toString() {
      return name + format(labels) + " " + value + (exemplar == null ? "" : " # " + exemplar);
    }
  }

  /** An OpenMetrics exemplar; {@code timestamp} (seconds since the epoch) is null when absent. */
  public record Exemplar(Map<String, String> labels, double value, Double timestamp) {

    public Exemplar {
      labels = Map.copyOf(labels);
    }

    @Override
    public String toString() {
      return format(labels) + " " + value + (timestamp == null ? "" : " " + timestamp);
    }
  }

  private final List<Sample> samples;
  private final Map<String, String> types;

  PrometheusScrape(List<Sample> samples, Map<String, String> types) {
    this.samples = List.copyOf(samples);
    this.types = Collections.unmodifiableMap(new LinkedHashMap<>(types)); // keeps exposition order
  }

  /**
   * Parses a whole scrape. Text containing a {@code # EOF} line is held to OpenMetrics' stricter
   * rules (nothing after {@code # EOF}, no blank lines, no free comments).
   *
   * @throws IllegalArgumentException naming the first malformed line and why
   */
  public static PrometheusScrape parse(String text) {
    return ExpositionParser.parse(text);
  }

  /** All samples, in exposition order. */
  public List<Sample> samples() {
    return samples;
  }

  /** Samples with exactly this name, such as {@code http_server_requests_seconds_bucket}. */
  public List<Sample> samples(String name) {
    return samples.stream().filter(sample -> sample.name().equals(name)).toList();
  }

  /** Samples with this name whose labels include every entry of {@code labelSubset}. */
  public List<Sample> samples(String name, Map<String, String> labelSubset) {
    return samples(name).stream()
        .filter(sample -> sample.labels().entrySet().containsAll(labelSubset.entrySet()))
        .toList();
  }

  /**
   * The value of the one sample matching; an assertion in itself, because a label subset that
   * silently matched several series would make the test check the wrong number.
   *
   * @throws AssertionError when none or several match, listing what the scrape does have
   */
  public double value(String name, Map<String, String> labelSubset) {
    List<Sample> matches = samples(name, labelSubset);
    if (matches.size() == 1) {
      return matches.get(0).value();
    }
    String wanted = name + format(labelSubset);
    if (!matches.isEmpty()) {
      throw new AssertionError("expected exactly one sample matching " + wanted + " but found "
          + matches.size() + ": " + matches);
    }
    List<Sample> sameName = samples(name);
    throw new AssertionError("expected exactly one sample matching " + wanted + " but found none; "
        + (sameName.isEmpty()
            ? "no samples named " + name + " at all; names present: " + names()
            : name + " has: " + sameName));
  }

  /** The distinct label sets of {@code name}, in exposition order: one per series. */
  public Set<Map<String, String>> series(String name) {
    Set<Map<String, String>> series = new LinkedHashSet<>();
    samples(name).forEach(sample -> series.add(sample.labels()));
    return Collections.unmodifiableSet(series);
  }

  /**
   * Metric family name to type, from {@code # TYPE} lines. Family names are as declared: OpenMetrics
   * declares counter {@code hits} for samples {@code hits_total}, text 0.0.4 usually {@code
   * hits_total}.
   */
  public Map<String, String> types() {
    return types;
  }

  private Set<String> names() {
    return samples.stream().map(Sample::name).collect(Collectors.toCollection(TreeSet::new));
  }

  /** Labels as exposition text, sorted so messages are stable across runs. */
  static String format(Map<String, String> labels) {
    return new TreeMap<>(labels).entrySet().stream()
        .map(label -> label.getKey() + "=\"" + escape(label.getValue()) + "\"")
        .collect(Collectors.joining(",", "{", "}"));
  }

  private static String escape(String labelValue) {
    return labelValue.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
