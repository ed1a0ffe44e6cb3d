package dev.o11y.sdk.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o11y.sdk.testing.PrometheusScrape.Exemplar;
import dev.o11y.sdk.testing.PrometheusScrape.Sample;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrometheusScrapeTest {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

  /** Shaped like Micrometer's PrometheusMeterRegistry.scrape() with the OpenMetrics content type. */
  private static final String OPENMETRICS = """
      # TYPE http_server_requests_seconds histogram
      # UNIT http_server_requests_seconds seconds
      # HELP http_server_requests_seconds Duration of HTTP server requests
      http_server_requests_seconds_bucket{method="GET",uri="/products/{id}",le="0.005"} 1 # {span_id="00f067aa0ba902b7",trace_id="4bf92f3577b34da6a3ce929d0e0e4736"} 0.0031 1700000000.123
      http_server_requests_seconds_bucket{method="GET",uri="/products/{id}",le="0.1"} 3 # {span_id="1111111111111111",trace_id="4bf92f3577b34da6a3ce929d0e0e4736"} 0.0123
      http_server_requests_seconds_bucket{method="GET",uri="/products/{id}",le="+Inf"} 4
      http_server_requests_seconds_count{method="GET",uri="/products/{id}"} 4
      http_server_requests_seconds_sum{method="GET",uri="/products/{id}"} 0.9
      # TYPE orders counter
      # HELP orders Orders placed
      orders_total{result="ok"} 7.0 # {span_id="2222222222222222",trace_id="4bf92f3577b34da6a3ce929d0e0e4736"} 1.0 1700000000.5
      orders_total{result="error"} 2.0
      # TYPE jvm_threads_live_threads gauge
      # HELP jvm_threads_live_threads The current number of live threads
      jvm_threads_live_threads 12.0
      # TYPE queue_lag gauge
      queue_lag{partition="0"} NaN
      queue_lag{partition="1"} -Inf
      # TYPE odd_labels gauge
      odd_labels{path="C:\\\\tmp",quote="say \\"hi\\"",multi="a\\nb",hash=" # {x=\\"y\\"} 1"} 1
      # EOF
      """;

  /** Text 0.0.4 as in the Prometheus docs: free comments, blank lines, padding and timestamps. */
  private static final String TEXT_004 = """
      # A free comment, allowed in this format only.
      # HELP http_requests_total The total number of HTTP requests.
      # TYPE http_requests_total counter
      http_requests_total{method="post",code="200"} 1027 1395066363000
      http_requests_total{method="post",code="400"}    3 1395066363000

      # HELP rpc_duration_seconds A summary of the RPC duration in seconds.
      # TYPE rpc_duration_seconds summary
      rpc_duration_seconds{quantile="0.5"} 4773
      rpc_duration_seconds_sum 1.7560473e+07
      rpc_duration_seconds_count 2693
      metric_without_timestamp_and_labels 12.47
      something_weird{problem="division by zero"} +Inf -3982045
      padded { a = "1" , b="2", } 1\t
      """;

  @Test
  void readsHistogramBucketsWithTheirExemplars() {
    PrometheusScrape scrape = PrometheusScrape.parse(OPENMETRICS);
    Map<String, String> get = Map.of("method", "GET", "uri", "/products/{id}");

    Sample fastest = scrape.samples("http_server_requests_seconds_bucket", Map.of("le", "0.005")).get(0);
    assertThat(fastest.value()).isEqualTo(1);
    assertThat(fastest.exemplar()).isEqualTo(new Exemplar(
        Map.of("trace_id", TRACE_ID, "span_id", "00f067aa0ba902b7"), 0.0031, 1700000000.123));
    assertThat(scrape.samples("http_server_requests_seconds_bucket", Map.of("le", "0.1")).get(0).exemplar())
        .extracting(Exemplar::value, Exemplar::timestamp).containsExactly(0.0123, null);
    assertThat(scrape.value("http_server_requests_seconds_bucket", Map.of("le", "+Inf"))).isEqualTo(4);
    assertThat(scrape.samples("http_server_requests_seconds_count", get))
        .singleElement().satisfies(count -> assertThat(count.exemplar()).isNull());
    assertThat(scrape.value("http_server_requests_seconds_sum", get)).isEqualTo(0.9);
    assertThat(scrape.series("http_server_requests_seconds_bucket")).hasSize(3);
  }

  @Test
  void readsCountersGaugesAndTheirTypes() {
    PrometheusScrape scrape = PrometheusScrape.parse(OPENMETRICS);

    assertThat(scrape.types())
        .containsEntry("http_server_requests_seconds", "histogram")
        .containsEntry("orders", "counter")
        .containsEntry("jvm_threads_live_threads", "gauge");
    assertThat(scrape.value("orders_total", Map.of("result", "ok"))).isEqualTo(7);
    assertThat(scrape.samples("orders_total", Map.of("result", "ok")).get(0).exemplar().labels())
        .containsEntry("span_id", "2222222222222222");
    assertThat(scrape.series("orders_total")).containsExactly(Map.of("result", "ok"), Map.of("result", "error"));
    assertThat(scrape.value("jvm_threads_live_threads", Map.of())).isEqualTo(12);
    assertThat(scrape.value("queue_lag", Map.of("partition", "0"))).isNaN();
    assertThat(scrape.value("queue_lag", Map.of("partition", "1"))).isEqualTo(Double.NEGATIVE_INFINITY);
  }

  @Test
  void unescapesLabelValues() {
    Sample odd = PrometheusScrape.parse(OPENMETRICS).samples("odd_labels").get(0);

    assertThat(odd.labels()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "path", "C:\\tmp", "quote", "say \"hi\"", "multi", "a\nb", "hash", " # {x=\"y\"} 1"));
    assertThat(odd.exemplar()).isNull();
  }

  @Test
  void readsPrometheusText004() {
    PrometheusScrape scrape = PrometheusScrape.parse(TEXT_004);

    assertThat(scrape.types()).containsEntry("http_requests_total", "counter")
        .containsEntry("rpc_duration_seconds", "summary");
    assertThat(scrape.value("http_requests_total", Map.of("code", "200"))).isEqualTo(1027);
    assertThat(scrape.value("http_requests_total", Map.of("code", "400"))).isEqualTo(3);
    assertThat(scrape.value("rpc_duration_seconds_sum", Map.of())).isEqualTo(1.7560473e7);
    assertThat(scrape.value("metric_without_timestamp_and_labels", Map.of())).isEqualTo(12.47);
    assertThat(scrape.value("something_weird", Map.of())).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(scrape.samples("padded").get(0).labels()).isEqualTo(Map.of("a", "1", "b", "2"));
    assertThat(scrape.samples()).hasSize(8);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      unclosed label set          | ok 1\\nbad{x="1" 2\\n                                   | line 2
      missing value               | ok 1\\nok_too 2\\nnothing_here\\n                      | line 3
      Java-only number syntax     | m 1.0f\\n                                               | line 1
      unknown escape              | m{a="\\\\t"} 1\\n                                        | line 1
      labels without a comma      | m{a="1"b="2"} 1\\n                                      | line 1
      duplicate label             | m{a="1",a="2"} 1\\n                                     | line 1
      duplicate series            | m{a="1"} 1\\nm{a="1"} 2\\n                              | line 2
      exemplar without a value    | # TYPE x counter\\nx_total 1 # {a="b"}\\n# EOF\\n       | line 2
      two spaces in OpenMetrics   | m  1\\n# EOF\\n                                          | line 1
      content after EOF           | m 1\\n# EOF\\nm2 2\\n                                   | line 3
      blank line in OpenMetrics   | m 1\\n\\n# EOF\\n                                       | line 2
      free comment in OpenMetrics | # hello\\nm 1\\n# EOF\\n                                 | line 1
      unknown metric type         | # TYPE m thing\\nm 1\\n                                 | line 1
      TYPE without a type         | # TYPE m\\n                                             | line 1
      """)
  void malformedInputFailsWithTheLineNumber(String problem, String escapedText, String line) {
    String text = escapedText.replace("\\n", "\n").replace("\\\\", "\\");

    assertThatThrownBy(() -> PrometheusScrape.parse(text))
        .as(problem)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(line + ":");
  }

  @Test
  void errorsSayWhereOnTheLine() {
    assertThatThrownBy(() -> PrometheusScrape.parse("m{a=\"1\"} 12x\n"))
        .hasMessage("line 1: bad value '12x' at column 10 (found '1'): m{a=\"1\"} 12x");
  }

  @Test
  void valueInsistsOnExactlyOneMatchAndShowsWhatExists() {
    PrometheusScrape scrape = PrometheusScrape.parse("m{a=\"1\"} 1\nm{a=\"2\"} 2\n");

    assertThatThrownBy(() -> scrape.value("m", Map.of()))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("found 2: [m{a=\"1\"} 1.0, m{a=\"2\"} 2.0]");
    assertThatThrownBy(() -> scrape.value("m", Map.of("a", "3")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("found none; m has: [m{a=\"1\"} 1.0, m{a=\"2\"} 2.0]");
    assertThatThrownBy(() -> scrape.value("n", Map.of()))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("no samples named n at all; names present: [m]");
  }

  @Test
  void emptyScrapeHasNoSamples() {
    assertThat(PrometheusScrape.parse("").samples()).isEmpty();
    assertThat(PrometheusScrape.parse("# EOF\n").samples()).isEmpty();
  }
}
