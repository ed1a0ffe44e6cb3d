package dev.o11y.sdk.internal.tracing;

import dev.o11y.sdk.internal.SecretMasker;
import dev.o11y.sdk.internal.UrlRedaction;
import dev.o11y.sdk.internal.WarningInterval;
import dev.o11y.sdk.internal.logging.OtelJulBridge;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one WARN a failing span export gets: at most once a minute, naming where the spans were going
 * (without credentials), how many were dropped since the last warning, and how to switch export off.
 * OpenTelemetry's own exporter logs an ERROR with a stack trace for every failed batch; those are
 * demoted to DEBUG ({@link OtelJulBridge}).
 */
final class SpanExportWarning {

  static final String LOGGER = "dev.o11y.sdk.SpanExport";
  private static final Logger log = LoggerFactory.getLogger(LOGGER);

  private final String target;
  private final WarningInterval interval;
  private final LongAdder droppedSinceWarning = new LongAdder();
  private volatile boolean warned;

  /** @param url where the OTLP exporter sends spans; null for other exporters (zipkin, console) */
  SpanExportWarning(String url) {
    this(url, System::nanoTime);
  }

  SpanExportWarning(String url, LongSupplier nanoTime) {
    this.target = url == null ? "the configured span exporter (OTEL_TRACES_EXPORTER)" : UrlRedaction.withoutCredentials(url);
    this.interval = new WarningInterval(nanoTime);
  }

  /** An export of {@code spans} spans failed. */
  void failed(int spans) {
    droppedSinceWarning.add(spans);
    if (!interval.tryWarn()) {
      return;
    }
    long dropped = droppedSinceWarning.sumThenReset();
    String reason = SecretMasker.mask(OtelJulBridge.lastExportFailure());
    log.warn("Spans are not reaching the collector at {}: {} spans dropped {}{}. Start a collector there, point"
            + " OTEL_EXPORTER_OTLP_ENDPOINT at one, or set OTEL_EXPORTER_OTLP_ENDPOINT=none to run without"
            + " (o11y.otlp-endpoint=none in Spring). Counted in o11y_sdk_dropped_spans_total; this warning"
            + " repeats at most once a minute, each failure is logged at DEBUG by io.opentelemetry.exporter.",
        target, dropped, warned ? "since the last warning" : "so far",
        reason == null ? "" : " (last error: " + reason + ")");
    warned = true;
  }
}
