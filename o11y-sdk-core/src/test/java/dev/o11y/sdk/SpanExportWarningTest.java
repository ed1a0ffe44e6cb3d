package dev.o11y.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o11y.sdk.testing.CapturedLogs;
import dev.o11y.sdk.testing.OtlpReceiver;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What a user sees when no collector listens, as on a first run without one: one WARN of the SDK's
 * naming where spans were going and how to switch export off, not OpenTelemetry's ERROR with a
 * stack trace for every batch.
 */
class SpanExportWarningTest {

  @Test
  void aDeadCollectorGetsOneWarningNamingTheUrlTheDropsAndTheSwitchInsteadOfAStackTracePerBatch() {
    try (OtlpReceiver collector = OtlpReceiver.start(); CapturedLogs logs = CapturedLogs.start()) {
      collector.refuseConnections();
      String endpoint = collector.endpoint().replace("http://", "http://shop:s3cret@");
      try (O11y o11y = O11y.builder().serviceName("shop").otlpEndpoint(endpoint).build()) {
        for (int i = 0; i < 3; i++) {
          o11y.observe("checkout", () -> { });
        }
        flush(o11y);

        List<JsonNode> lines = logs.json();
        List<JsonNode> warnings = lines.stream()
            .filter(l -> l.get("logger_name").asString().equals("dev.o11y.sdk.SpanExport")).toList();
        assertThat(warnings).hasSize(1);
        JsonNode warning = warnings.get(0);
        assertThat(warning.get("level").asString()).isEqualTo("WARN");
        assertThat(warning.has("stack_trace")).isFalse();
        assertThat(warning.get("message").asString())
            .startsWith("Spans are not reaching the collector at " + collector.endpoint() + "/v1/traces: 3 spans dropped so far")
            .contains("OTEL_EXPORTER_OTLP_ENDPOINT=none")
            .doesNotContain("s3cret");
        assertThat(lines).noneMatch(l -> l.get("logger_name").asString().startsWith("io.opentelemetry")
            && Set.of("WARN", "ERROR").contains(l.get("level").asString()));
        assertThat(logs.raw()).doesNotContain("s3cret");
        assertThat(o11y.scrape()).contains("o11y_sdk_dropped_spans_total");
      }
    }
  }

  @Test
  void spansRefusedByTheFullQueueAreCountedInTheWarningToo() {
    try (OtlpReceiver collector = OtlpReceiver.start(); CapturedLogs logs = CapturedLogs.start()) {
      collector.refuseConnections();
      try (O11y o11y = O11y.builder().serviceName("shop").otlpEndpoint(collector.endpoint())
          .otelProperties(Map.of("otel.bsp.max.queue.size", "4")).build()) {
        for (int i = 0; i < 20; i++) {
          o11y.observe("checkout", () -> { });
        }
        flush(o11y);

        List<String> warnings = logs.json().stream()
            .filter(l -> l.get("logger_name").asString().equals("dev.o11y.sdk.SpanExport"))
            .map(l -> l.get("message").asString()).toList();
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).startsWith("Spans are not reaching the collector at " + collector.endpoint()
            + "/v1/traces: 20 spans dropped so far (16 of them refused while the export queue was full)");
      }
    }
  }

  private static void flush(O11y o11y) {
    assertThat(((io.opentelemetry.sdk.OpenTelemetrySdk) o11y.openTelemetry()).getSdkTracerProvider().forceFlush().join(30, TimeUnit.SECONDS).isDone()).isTrue();
  }
}
