package dev.o11y.sdk.internal.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Spans refused because the queue is full are told to the warning after the next export, even when
 * every export succeeds: otherwise a collector that answers, only too slowly, loses spans in silence.
 */
class SpanExportGateRefusalTest {

  @Test
  void refusalsAreToldAfterTheNextExportOnceEachAndFailuresWithThem() {
    SpanExportGate gate = new SpanExportGate(2);
    List<String> told = new ArrayList<>();
    gate.onDrops((failed, refused) -> told.add(failed + " failed, " + refused + " refused"));

    assertThat(gate.tryAdmit()).isTrue();
    assertThat(gate.tryAdmit()).isTrue();
    assertThat(gate.tryAdmit()).isFalse();
    assertThat(gate.tryAdmit()).isFalse();
    assertThat(told).as("nothing from the refusing thread").isEmpty();

    gate.completed(List.of(), 2, true, false);
    assertThat(told).containsExactly("0 failed, 2 refused");

    assertThat(gate.tryAdmit()).isTrue();
    gate.completed(List.of(), 1, true, false);
    assertThat(told).as("a successful export with nothing refused tells nothing").hasSize(1);

    assertThat(gate.tryAdmit()).isTrue();
    assertThat(gate.tryAdmit()).isTrue();
    assertThat(gate.tryAdmit()).isFalse();
    gate.completed(List.of(), 2, false, false);
    assertThat(told).containsExactly("0 failed, 2 refused", "2 failed, 1 refused");
    assertThat(gate.dropped()).isEqualTo(2 + 1 + 2);
    assertThat(gate.exported()).isEqualTo(3);
  }
}
