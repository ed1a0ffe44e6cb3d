package dev.o11y.sdk.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses Prometheus text 0.0.4 and OpenMetrics 1.0 exposition, exemplars included, strictly: a
 * malformed line fails with its line number, so a test also proves the output is well formed.
 */
public final class PrometheusScrape {

  /** One sample line. {@code exemplar} is null when the line has none. */
  public record Sample(String name, Map<String, String> labels, double value, Exemplar exemplar) {}

  public record Exemplar(Map<String, String> labels, double value, Double timestamp) {}

  private final List<Sample> samples;
  private final Map<String, String> types;

  private PrometheusScrape(List<Sample> samples, Map<String, String> types) {
    this.samples = List.copyOf(samples);
    this.types = Map.copyOf(types);
  }

  public static PrometheusScrape parse(String text) {
    List<Sample> samples = new ArrayList<>();
    Map<String, String> types = new LinkedHashMap<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank() || line.equals("# EOF")) {
        continue;
      }
      try {
        if (line.startsWith("#")) {
          String[] parts = line.split(" ", 4);
          if (parts.length >= 4 && parts[1].equals("TYPE")) {
            types.put(parts[2], parts[3].trim());
          } else if (parts.length < 3 || !(parts[1].equals("HELP") || parts[1].equals("UNIT") || parts[1].equals("TYPE"))) {
            throw new IllegalArgumentException("unknown comment");
          }
          continue;
        }
        samples.add(new LineParser(line).sample());
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("line " + (i + 1) + " is malformed (" + e.getMessage() + "): " + line, e);
      }
    }
    return new PrometheusScrape(samples, types);
  }

  public List<Sample> samples() {
    return samples;
  }

  public List<Sample> samples(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).toList();
  }

  public List<Sample> samples(String name, Map<String, String> labelSubset) {
    return samples.stream()
        .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labelSubset.entrySet()))
        .toList();
  }

  /** The value of the only sample matching; fails naming what was found otherwise. */
  public double value(String name, Map<String, String> labelSubset) {
    List<Sample> matches = samples(name, labelSubset);
    if (matches.size() != 1) {
      throw new AssertionError("expected exactly one " + name + labelSubset + " but found "
          + matches.size() + ": " + matches + "; all " + name + ": " + series(name));
    }
    return matches.get(0).value();
  }

  public Set<Map<String, String>> series(String name) {
    Set<Map<String, String>> series = new LinkedHashSet<>();
    samples(name).forEach(s -> series.add(s.labels()));
    return series;
  }

  /** Metric family name to type, from {@code # TYPE} lines. */
  public Map<String, String> types() {
    return types;
  }

  /** A hand-written scanner: regexes cannot handle escaped quotes inside label values cleanly. */
  private static final class LineParser {
    private final String line;
    private int pos;

    LineParser(String line) {
      this.line = line;
    }

    Sample sample() {
      String name = name();
      Map<String, String> labels = peek() == '{' ? labels() : Map.of();
      expect(' ');
      double value = number(token());
      Exemplar exemplar = null;
      skipSpaces();
      if (pos < line.length() && peek() != '#') {
        number(token()); // sample timestamp
        skipSpaces();
      }
      if (pos < line.length()) {
        expect('#');
        expect(' ');
        Map<String, String> exemplarLabels = labels();
        expect(' ');
        double exemplarValue = number(token());
        skipSpaces();
        Double timestamp = pos < line.length() ? number(token()) : null;
        exemplar = new Exemplar(exemplarLabels, exemplarValue, timestamp);
      }
      if (pos != line.length()) {
        throw new IllegalArgumentException("trailing characters at " + pos);
      }
      return new Sample(name, labels, value, exemplar);
    }

    private String name() {
      int start = pos;
      while (pos < line.length() && (Character.isLetterOrDigit(peek()) || peek() == '_' || peek() == ':')) {
        pos++;
      }
      if (start == pos || Character.isDigit(line.charAt(start))) {
        throw new IllegalArgumentException("bad metric or label name at " + start);
      }
      return line.substring(start, pos);
    }

    private Map<String, String> labels() {
      expect('{');
      Map<String, String> labels = new LinkedHashMap<>();
      while (peek() != '}') {
        String key = name();
        expect('=');
        expect('"');
        StringBuilder value = new StringBuilder();
        while (peek() != '"') {
          char c = line.charAt(pos++);
          if (c == '\\') {
            char escaped = line.charAt(pos++);
            value.append(switch (escaped) {
              case 'n' -> '\n';
              case '\\' -> '\\';
              case '"' -> '"';
              default -> throw new IllegalArgumentException("bad escape \\" + escaped);
            });
          } else {
            value.append(c);
          }
        }
        expect('"');
        if (labels.put(key, value.toString()) != null) {
          throw new IllegalArgumentException("duplicate label " + key);
        }
        if (peek() == ',') {
          pos++;
        }
      }
      expect('}');
      return Map.copyOf(labels);
    }

    private String token() {
      int start = pos;
      while (pos < line.length() && line.charAt(pos) != ' ') {
        pos++;
      }
      return line.substring(start, pos);
    }

    private static double number(String token) {
      return switch (token) {
        case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
        case "-Inf" -> Double.NEGATIVE_INFINITY;
        case "NaN" -> Double.NaN;
        default -> Double.parseDouble(token);
      };
    }

    private void skipSpaces() {
      while (pos < line.length() && line.charAt(pos) == ' ') {
        pos++;
      }
    }

    private char peek() {
      if (pos >= line.length()) {
        throw new IllegalArgumentException("unexpected end of line");
      }
      return line.charAt(pos);
    }

    private void expect(char c) {
      if (peek() != c) {
        throw new IllegalArgumentException("expected '" + c + "' at " + pos);
      }
      pos++;
    }
  }
}
