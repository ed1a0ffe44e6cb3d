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
 * The one WARN lost spans get: at most once a minute, naming where the spans were going (without
 * credentials), how many were dropped since the last warning, and what to do. Failed exports ask for
 * a collector or for export off; spans refused only because the export queue was full (a collector
 * that answers, slower than the service makes spans) ask for a bigger queue or fewer sampled traces.
 * OpenTelemetry's own exporter logs an ERROR with a stack trace for every failed batch; those are
 * demoted to DEBUG ({@link OtelJulBridge}).
 */
final class SpanExportWarning {

  static final String LOGGER = "dev.o11y.sdk.SpanExport";
  private static final Logger log = LoggerFactory.getLogger(LOGGER);

  private final String target;
  private final WarningInterval interval;
  private final LongAdder failedSinceWarning = new LongAdder();
  private final LongAdder refusedSinceWarning = new LongAdder();
  private volatile boolean warned;

  /** @param url where the OTLP exporter sends spans; null for other exporters (zipkin, console) */
  SpanExportWarning(String url) {
    this(url, System::nanoTime);
  }

  SpanExportWarning(String url, LongSupplier nanoTime) {
    this.target = url == null ? "the configured span exporter (OTEL_TRACES_EXPORTER)" : UrlRedaction.withoutCredentials(url);
    this.interval = new WarningInterval(nanoTime);
  }

  /** {@code failedExport} spans of a failed export, and {@code refused} by a full queue, were dropped. */
  void dropped(int failedExport, long refused) {
    failedSinceWarning.add(failedExport);
    refusedSinceWarning.add(refused);
    if (!interval.tryWarn()) {
      return;
    }
    long failed = failedSinceWarning.sumThenReset();
    long full = refusedSinceWarning.sumThenReset();
    String when = warned ? "since the last warning" : "so far";
    warned = true;
    if (failed == 0) {
      log.warn("Spans are dropped before export: the export queue was full, {} spans refused {}; {} takes spans"
              + " more slowly than this service makes them. Raise otel.bsp.max.queue.size, or sample fewer traces"
              + " (OTEL_TRACES_SAMPLER=parentbased_traceidratio with OTEL_TRACES_SAMPLER_ARG). Counted in"
              + " o11y_sdk_dropped_spans_total; this warning repeats at most once a minute.",
          full, when, target);
      return;
    }
    String reason = SecretMasker.mask(OtelJulBridge.lastExportFailure());
    log.warn("Spans are not reaching the collector at {}: {} spans dropped {}{}{}. Start a collector there, point"
            + " OTEL_EXPORTER_OTLP_ENDPOINT at one, or set OTEL_EXPORTER_OTLP_ENDPOINT=none to run without"
            + " (o11y.otlp-endpoint=none in Spring). Counted in o11y_sdk_dropped_spans_total; this warning"
            + " repeats at most once a minute, each failure is logged at DEBUG by io.opentelemetry.exporter.",
        target, failed + full, when, full == 0 ? "" : " (" + full + " of them refused while the export queue was full)",
        reason == null ? "" : " (last error: " + reason + ")");
  }
}
