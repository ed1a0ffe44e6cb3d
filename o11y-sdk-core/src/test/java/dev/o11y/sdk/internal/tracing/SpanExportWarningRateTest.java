package dev.o11y.sdk.internal.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o11y.sdk.testing.CapturedLogs;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A collector down for hours costs a WARN a minute, each counting what the minute dropped. */
class SpanExportWarningRateTest {

  @Test
  void atMostOneWarningAMinuteCountingTheSpansDroppedSinceTheLast() {
    AtomicLong now = new AtomicLong(123_456_789L);
    try (CapturedLogs logs = CapturedLogs.start()) {
      SpanExportWarning warning = new SpanExportWarning("https://tenant:s3cret@collector.example:4318/v1/traces", now::get);
      warning.dropped(2, 0);
      now.addAndGet(TimeUnit.SECONDS.toNanos(30));
      warning.dropped(5, 0);
      now.addAndGet(TimeUnit.SECONDS.toNanos(29));
      warning.dropped(1, 0);
      assertThat(warnings(logs)).hasSize(1);

      now.addAndGet(TimeUnit.SECONDS.toNanos(2)); // 61 s after the first warning
      warning.dropped(4, 0);

      List<String> messages = warnings(logs);
      assertThat(messages).hasSize(2);
      assertThat(messages.get(0)).startsWith(
          "Spans are not reaching the collector at https://collector.example:4318/v1/traces: 2 spans dropped so far");
      assertThat(messages.get(1)).startsWith(
          "Spans are not reaching the collector at https://collector.example:4318/v1/traces: 10 spans dropped since the last warning");
      assertThat(logs.raw()).doesNotContain("s3cret");
    }
  }

  @Test
  void spansRefusedByAFullQueueWhileEveryExportSucceedsGetAWarningOfTheirOwn() {
    AtomicLong now = new AtomicLong(0);
    try (CapturedLogs logs = CapturedLogs.start()) {
      SpanExportWarning warning = new SpanExportWarning("http://collector.example:4318/v1/traces", now::get);
      warning.dropped(0, 7);
      now.addAndGet(TimeUnit.SECONDS.toNanos(61));
      warning.dropped(3, 2); // the collector then failed too: one count, the refusals named

      List<String> messages = warnings(logs);
      assertThat(messages).hasSize(2);
      assertThat(messages.get(0)).startsWith("Spans are dropped before export: the export queue was full, 7 spans"
          + " refused so far; http://collector.example:4318/v1/traces takes spans more slowly than this service makes them")
          .contains("otel.bsp.max.queue.size", "OTEL_TRACES_SAMPLER_ARG")
          .doesNotContain("Start a collector");
      assertThat(messages.get(1)).startsWith("Spans are not reaching the collector at http://collector.example:4318/v1/traces:"
          + " 5 spans dropped since the last warning (2 of them refused while the export queue was full)");
    }
  }

  private static List<String> warnings(CapturedLogs logs) {
    return logs.json().stream().filter(l -> l.get("logger_name").asString().equals(SpanExportWarning.LOGGER))
        .map(l -> l.get("message").asString()).toList();
  }
}
