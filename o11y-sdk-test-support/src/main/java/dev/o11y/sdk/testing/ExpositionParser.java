package dev.o11y.sdk.testing;

import dev.o11y.sdk.testing.PrometheusScrape.Sample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Walks a scrape line by line: metadata comments, {@code # EOF}, blank lines and duplicate series
 * are checked here; single sample lines go to {@link SampleLineParser}.
 */
final class ExpositionParser {

  private static final String EOF = "# EOF";
  private static final Set<String> METRIC_TYPES = Set.of(
      "counter", "gauge", "histogram", "summary", "untyped", // text 0.0.4
      "unknown", "gaugehistogram", "stateset", "info"); // OpenMetrics 1.0

  private final boolean openMetrics;
  private final List<Sample> samples = new ArrayList<>();
  private final Map<String, String> types = new LinkedHashMap<>();
  private final Map<Series, Integer> firstLineOfSeries = new HashMap<>();
  private boolean eofSeen;

  private ExpositionParser(boolean openMetrics) {
    this.openMetrics = openMetrics;
  }

  static PrometheusScrape parse(String text) {
    List<String> lines = lines(text);
    ExpositionParser parser = new ExpositionParser(lines.contains(EOF));
    for (int i = 0; i < lines.size(); i++) {
      int lineNumber = i + 1;
      try {
        parser.line(lines.get(i), lineNumber);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "line " + lineNumber + ": " + e.getMessage() + ": " + lines.get(i), e);
      }
    }
    return new PrometheusScrape(parser.samples, parser.types);
  }

  /** Lines end with \n; the empty remainder after the final \n is not a line of its own. */
  private static List<String> lines(String text) {
    List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
    if (lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    return lines;
  }

  private void line(String line, int lineNumber) {
    if (eofSeen) {
      throw new IllegalArgumentException("content after " + EOF);
    }
    if (line.equals(EOF)) {
      eofSeen = true;
    } else if (line.isBlank()) {
      if (openMetrics) {
        throw new IllegalArgumentException("blank lines are not allowed in OpenMetrics");
      }
    } else if (line.startsWith("#")) {
      comment(line);
    } else {
      sample(SampleLineParser.parse(line, openMetrics), lineNumber);
    }
  }

  private void comment(String line) {
    String[] parts = line.split(" ", 4); // "#", keyword, family, text
    String keyword = parts.length > 1 && parts[0].equals("#") ? parts[1] : "";
    if (!Set.of("HELP", "TYPE", "UNIT").contains(keyword)) {
      if (openMetrics) {
        throw new IllegalArgumentException("OpenMetrics allows only # HELP, # TYPE, # UNIT and # EOF");
      }
      return; // text 0.0.4 allows free comments
    }
    if (parts.length < 3 || !SampleLineParser.isMetricName(parts[2])) {
      throw new IllegalArgumentException("# " + keyword + " needs a metric family name");
    }
    if (keyword.equals("TYPE")) {
      if (parts.length < 4) {
        throw new IllegalArgumentException("# TYPE " + parts[2] + " needs a type");
      }
      String type = parts[3];
      if (!METRIC_TYPES.contains(type)) {
        throw new IllegalArgumentException("unknown metric type '" + type + "'");
      }
      if (types.putIfAbsent(parts[2], type) != null) {
        throw new IllegalArgumentException("second # TYPE for " + parts[2]);
      }
    }
  }

  private void sample(Sample sample, int lineNumber) {
    Integer first = firstLineOfSeries.putIfAbsent(new Series(sample.name(), sample.labels()), lineNumber);
    if (first != null) {
      throw new IllegalArgumentException("duplicate series, first seen on line " + first);
    }
    samples.add(sample);
  }

  private record Series(String name, Map<String, String> labels) {}
}
