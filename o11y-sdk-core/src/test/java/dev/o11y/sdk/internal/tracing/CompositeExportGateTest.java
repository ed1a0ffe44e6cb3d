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
 * With two batched exporters ({@code OTEL_TRACES_EXPORTER=otlp,zipkin}) OpenTelemetry hands each batch
 * to both through one composite behind one batch processor: the batch was admitted once and must be
 * released and counted once, or the gate's count of spans in flight goes below zero and every later
 * span is refused. The batch processor reuses its list (a view of it is exported, then it is cleared and
 * refilled), and a console exporter exports single spans through the same gate meanwhile.
 */
class CompositeExportGateTest {

  private static final int BATCH = 10;

  @Test
  void aBatchExportedByTwoExportersIsCountedOnceAndTheGateStaysOpen() {
    SpanExportGate gate = new SpanExportGate(BATCH * 3 + 1);
    List<CompletableResultCode> later = new ArrayList<>();
    SpanExporter composite = SpanExporter.composite(
        new GateReleasingSpanExporter(new Stub(null), gate, true),
        new GateReleasingSpanExporter(new Stub(later), gate, true));
    SpanExporter console = new GateReleasingSpanExporter(new Stub(null), gate, false);
    List<SpanData> reused = new ArrayList<>();

    for (int round = 0; round < 50; round++) {
      for (int i = 0; i < BATCH; i++) {
        assertThat(gate.tryAdmit()).as("round %d, span %d admitted", round, i).isTrue();
        reused.add(null);
      }
      composite.export(Collections.unmodifiableList(reused));
      reused.clear(); // as the batch processor does once the export returned or timed out
      for (int i = 0; i < 20; i++) { // single spans through the console exporter's own processor
        assertThat(gate.tryAdmit()).isTrue();
        console.export(Collections.singletonList((SpanData) null));
      }
      later.forEach(CompletableResultCode::succeed);
      later.clear();
    }

    assertThat(gate.exported()).as("each batch once, plus the console's single spans").isEqualTo(50L * BATCH + 50L * 20);
    assertThat(gate.dropped()).isZero();
    for (int i = 0; i < BATCH * 3 + 1; i++) {
      assertThat(gate.tryAdmit()).as("nothing left in flight: slot %d free", i).isTrue();
    }
    assertThat(gate.tryAdmit()).as("the cap still holds").isFalse();
  }

  @Test
  void aBatchOneOfTheExportersFailedIsCountedAsDroppedOnce() {
    SpanExportGate gate = new SpanExportGate(100);
    List<CompletableResultCode> later = new ArrayList<>();
    SpanExporter composite = SpanExporter.composite(
        new GateReleasingSpanExporter(new Stub(null), gate, true),
        new GateReleasingSpanExporter(new Stub(later), gate, true));
    for (int i = 0; i < BATCH; i++) {
      gate.tryAdmit();
    }
    composite.export(Collections.unmodifiableList(new ArrayList<SpanData>(Collections.nCopies(BATCH, null))));
    later.forEach(CompletableResultCode::fail);

    assertThat(gate.dropped()).isEqualTo(BATCH);
    assertThat(gate.exported()).isZero();
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
