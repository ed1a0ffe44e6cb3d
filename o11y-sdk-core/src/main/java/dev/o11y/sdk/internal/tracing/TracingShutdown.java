package dev.o11y.sdk.internal.tracing;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import dev.o11y.sdk.internal.ShutdownDeadline;
import io.opentelemetry.sdk.common.CompletableResultCode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Shuts the tracing SDK down by a deadline. Spans the collector has not acknowledged by then are
 * abandoned: counted as dropped at once, and their exports cancelled, so a dead collector costs the
 * host's shutdown the deadline and not the exporter's timeouts and retries.
 */
public final class TracingShutdown implements AutoCloseable {

  private final OpenTelemetrySdk sdk;
  private final SpanExportGate gate;
  private final List<GateReleasingSpanExporter> exporters;
  private final Duration budget;
  private CompletableResultCode flushed;

  TracingShutdown(
      OpenTelemetrySdk sdk, SpanExportGate gate, List<GateReleasingSpanExporter> exporters, Duration budget) {
    this.sdk = sdk;
    this.gate = gate;
    this.exporters = exporters;
    this.budget = budget;
  }

  /** {@link #begin()} and {@link #finishBy} within the shutdown budget, when nothing else has to overlap them. */
  @Override
  public void close() {
    begin();
    finishBy(new ShutdownDeadline(budget).nanoTime());
  }

  /** Starts flushing and stopping on the SDK's own threads, so other shutdown work can overlap it. */
  public void begin() {
    flushed = sdk.shutdown();
  }

  /**
   * Waits for the flush {@link #begin()} started until {@code deadlineNanos} ({@link
   * System#nanoTime()} based), then gives up on what is left: spans still queued or unacknowledged
   * are counted as dropped by the gate.
   */
  public void finishBy(long deadlineNanos) {
    flushed.join(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    // even after a complete flush: a span ended meanwhile would sit in a stopped queue uncounted
    gate.abandon();
    if (!flushed.isDone()) {
      exporters.forEach(GateReleasingSpanExporter::cancel); // ends requests in flight and retries, quietly
    }
  }
}
