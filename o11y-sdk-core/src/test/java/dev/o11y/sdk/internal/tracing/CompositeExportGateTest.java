package dev.o11y.sdk.internal.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * With two exporters ({@code OTEL_TRACES_EXPORTER=otlp,zipkin}) OpenTelemetry hands each batch to
 * both through one composite, behind one batch processor: the batch was admitted once and must be
 * released and counted once, or the gate's count of spans in flight goes below zero and every later
 * span is refused.
 */
class CompositeExportGateTest {

  private static final int BATCH = 10;

  @Test
  void aBatchExportedByTwoExportersIsCountedOnceAndTheGateStaysOpen() {
    SpanExportGate gate = new SpanExportGate(BATCH * 3);
    List<CompletableResultCode> later = new ArrayList<>();
    SpanExporter immediate = new GateReleasingSpanExporter(new Stub(null), gate);
    SpanExporter asynchronous = new GateReleasingSpanExporter(new Stub(later), gate);
    SpanExporter composite = SpanExporter.composite(immediate, asynchronous);

    for (int round = 0; round < 50; round++) {
      for (int i = 0; i < BATCH; i++) {
        assertThat(gate.tryAdmit()).as("round %d, span %d admitted", round, i).isTrue();
      }
      composite.export(Collections.unmodifiableList(new ArrayList<SpanData>(Collections.nCopies(BATCH, null))));
      later.forEach(CompletableResultCode::succeed);
      later.clear();
    }

    assertThat(gate.exported()).isEqualTo(50L * BATCH);
    assertThat(gate.dropped()).isZero();
    for (int i = 0; i < BATCH * 3; i++) {
      assertThat(gate.tryAdmit()).as("nothing left in flight: slot %d free", i).isTrue();
    }
    assertThat(gate.tryAdmit()).as("the cap still holds").isFalse();
  }

  /** Completes at once, or hands its result to the test to complete (null: at once). */
  private record Stub(List<CompletableResultCode> pending) implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      if (pending == null) {
        return CompletableResultCode.ofSuccess();
      }
      CompletableResultCode result = new CompletableResultCode();
      pending.add(result);
      return result;
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
