package dev.o11y.sdk.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusScrapeTest {

  private static final String OPENMETRICS = """
      # TYPE req_seconds histogram
      # HELP req_seconds Request duration
      req_seconds_bucket{op="a",le="0.1"} 3 # {trace_id="abc",span_id="def"} 0.05 1700000000.123
      req_seconds_bucket{op="a",le="+Inf"} 4
      req_seconds_count{op="a"} 4
      req_seconds_sum{op="a"} 0.9
      # TYPE hits counter
      hits_total{path="/a \\"q\\"\\nx\\\\"} 7.0
      # TYPE temp gauge
      temp NaN
      # EOF
      """;

  @Test
  void parsesOpenMetricsWithExemplarsAndEscapes() {
    PrometheusScrape scrape = PrometheusScrape.parse(OPENMETRICS);
    assertThat(scrape.types()).containsEntry("req_seconds", "histogram").containsEntry("hits", "counter");
    var bucket = scrape.samples("req_seconds_bucket", Map.of("le", "0.1")).get(0);
    assertThat(bucket.value()).isEqualTo(3);
    assertThat(bucket.exemplar().labels()).containsEntry("trace_id", "abc").containsEntry("span_id", "def");
    assertThat(bucket.exemplar().timestamp()).isEqualTo(1700000000.123);
    assertThat(scrape.value("req_seconds_bucket", Map.of("le", "+Inf"))).isEqualTo(4);
    assertThat(scrape.samples("hits_total").get(0).labels()).containsEntry("path", "/a \"q\"\nx\\");
    assertThat(scrape.value("temp", Map.of())).isNaN();
    assertThat(scrape.series("req_seconds_count")).containsExactly(Map.of("op", "a"));
  }

  @Test
  void parsesClassicTextWithTimestamps() {
    PrometheusScrape scrape = PrometheusScrape.parse("up{job=\"x\"} 1 1700000000000\nplain 2.5e-3\n");
    assertThat(scrape.value("up", Map.of("job", "x"))).isEqualTo(1);
    assertThat(scrape.value("plain", Map.of())).isEqualTo(0.0025);
  }

  @Test
  void malformedLinesFailWithTheirNumber() {
    assertThatThrownBy(() -> PrometheusScrape.parse("ok 1\nbad{x=\"1\" 2\n"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 2");
    assertThatThrownBy(() -> PrometheusScrape.parse("x 1 # {a=\"b\"}\n"))
        .hasMessageContaining("line 1");
  }

  @Test
  void valueInsistsOnExactlyOneMatch() {
    PrometheusScrape scrape = PrometheusScrape.parse("m{a=\"1\"} 1\nm{a=\"2\"} 2\n");
    assertThatThrownBy(() -> scrape.value("m", Map.of())).isInstanceOf(AssertionError.class)
        .hasMessageContaining("found 2");
  }
}
