package dev.o11y.sdk.testing;

import dev.o11y.sdk.testing.PrometheusScrape.Exemplar;
import dev.o11y.sdk.testing.PrometheusScrape.Sample;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Scans one sample line, {@code name{labels} value [timestamp] [# {labels} value [timestamp]]}.
 * Hand-written rather than a regex because label values may hold escaped quotes, braces and even
 * {@code " # "}, which only a left-to-right scan tells apart from the exemplar separator.
 *
 * <p>OpenMetrics separates tokens by exactly one space; text 0.0.4 allows runs of blanks and tabs
 * between tokens, inside label sets and at the end of the line, so each format is held to its own
 * rule.
 */
final class SampleLineParser {

  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  // Stricter than Double.parseDouble, which would also take "1d", "0x1p3" or "Infinity".
  private static final Pattern DECIMAL = Pattern.compile("[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?");

  private final String line;
  private final boolean openMetrics;
  private int pos;
  private int tokenStart; // where the last number began, so its errors point at it

  private SampleLineParser(String line, boolean openMetrics) {
    this.line = line;
    this.openMetrics = openMetrics;
  }

  /** Fails with an IllegalArgumentException saying what is wrong and at which column. */
  static Sample parse(String line, boolean openMetrics) {
    return new SampleLineParser(line, openMetrics).sample();
  }

  static boolean isMetricName(String name) {
    return METRIC_NAME.matcher(name).matches();
  }

  private Sample sample() {
    String name = name(METRIC_NAME, "metric name");
    if (!openMetrics && moreAfterGap() && line.charAt(afterGap()) == '{') {
      gap(); // text 0.0.4 allows "name {labels}"
    }
    Map<String, String> labels = lookingAt('{') ? labels() : Map.of();
    gap();
    double value = value(token(), "value");
    if (moreAfterGap() && line.charAt(afterGap()) != '#') {
      gap();
      timestamp(); // checked for form only: tests assert on values, not on scrape times
    }
    Exemplar exemplar = null;
    if (moreAfterGap()) {
      gap();
      expect('#');
      gap();
      exemplar = exemplar();
    }
    optionalBlanks();
    expectEnd();
    return new Sample(name, labels, value, exemplar);
  }

  private Exemplar exemplar() {
    Map<String, String> labels = labels();
    gap();
    double value = value(token(), "exemplar value");
    Double timestamp = null;
    if (moreAfterGap()) {
      gap();
      timestamp = timestamp();
    }
    return new Exemplar(labels, value, timestamp);
  }

  private Map<String, String> labels() {
    expect('{');
    optionalBlanks();
    Map<String, String> labels = new LinkedHashMap<>();
    while (!lookingAt('}')) {
      String key = name(LABEL_NAME, "label name");
      optionalBlanks();
      expect('=');
      optionalBlanks();
      if (labels.put(key, quoted()) != null) {
        throw error("duplicate label " + key);
      }
      optionalBlanks();
      if (!lookingAt(',')) {
        break;
      }
      pos++; // a trailing comma before '}' is allowed by text 0.0.4
      optionalBlanks();
    }
    expect('}');
    return labels;
  }

  private String quoted() {
    expect('"');
    StringBuilder value = new StringBuilder();
    while (true) {
      if (atEnd()) {
        throw error("unterminated label value");
      }
      char c = line.charAt(pos++);
      if (c == '"') {
        return value.toString();
      }
      if (c != '\\') {
        value.append(c);
        continue;
      }
      char escaped = atEnd() ? ' ' : line.charAt(pos++);
      switch (escaped) {
        case '\\' -> value.append('\\');
        case '"' -> value.append('"');
        case 'n' -> value.append('\n');
        default -> throw error("bad escape \\" + escaped + " (only \\\\, \\\" and \\n exist)");
      }
    }
  }

  private String name(Pattern pattern, String what) {
    int start = pos;
    while (!atEnd() && isNameChar(line.charAt(pos))) {
      pos++;
    }
    String name = line.substring(start, pos);
    if (!pattern.matcher(name).matches()) {
      pos = start;
      throw error("bad " + what + " '" + name + "'");
    }
    return name;
  }

  private static boolean isNameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == ':';
  }

  /** Either format's timestamp: integer milliseconds (0.0.4) or decimal seconds (OpenMetrics). */
  private double timestamp() {
    String token = token();
    if (!DECIMAL.matcher(token).matches()) {
      pos = tokenStart;
      throw error("bad timestamp '" + token + "'");
    }
    return Double.parseDouble(token);
  }

  private double value(String token, String what) {
    if (DECIMAL.matcher(token).matches()) {
      return Double.parseDouble(token);
    }
    return switch (token.toLowerCase(Locale.ROOT)) {
      case "+inf", "inf" -> Double.POSITIVE_INFINITY;
      case "-inf" -> Double.NEGATIVE_INFINITY;
      case "nan" -> Double.NaN;
      default -> {
        pos = tokenStart;
        throw error("bad " + what + " '" + token + "'");
      }
    };
  }

  /** The text up to the next blank. */
  private String token() {
    tokenStart = pos;
    while (!atEnd() && !isBlank(line.charAt(pos))) {
      pos++;
    }
    String token = line.substring(tokenStart, pos);
    if (token.isEmpty()) {
      throw error("missing number");
    }
    return token;
  }

  /** Consumes the separator between tokens: one space in OpenMetrics, blanks and tabs in text. */
  private void gap() {
    int end = afterGap();
    if (end < 0) {
      throw error(openMetrics ? "expected ' '" : "expected a blank");
    }
    pos = end;
  }

  /** Whether a separator follows and something comes after it. */
  private boolean moreAfterGap() {
    int end = afterGap();
    return end >= 0 && end < line.length();
  }

  /** Where the separator at {@code pos} ends, or -1 when there is none. */
  private int afterGap() {
    if (openMetrics) {
      return lookingAt(' ') ? pos + 1 : -1;
    }
    int end = pos;
    while (end < line.length() && isBlank(line.charAt(end))) {
      end++;
    }
    return end > pos ? end : -1;
  }

  /** Text 0.0.4 tolerates blanks around label-set punctuation and at the end of the line. */
  private void optionalBlanks() {
    while (!openMetrics && !atEnd() && isBlank(line.charAt(pos))) {
      pos++;
    }
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }

  private boolean atEnd() {
    return pos >= line.length();
  }

  private boolean lookingAt(char c) {
    return !atEnd() && line.charAt(pos) == c;
  }

  private void expect(char c) {
    if (!lookingAt(c)) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  private void expectEnd() {
    if (!atEnd()) {
      throw error("unexpected text");
    }
  }

  private IllegalArgumentException error(String message) {
    String found = atEnd() ? "end of line" : "'" + line.charAt(pos) + "'";
    return new IllegalArgumentException(message + " at column " + (pos + 1) + " (found " + found + ")");
  }
}
