package dev.o11y.sdk.internal.context;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** {@code request_id} follows a context that carries one and is given back exactly as it was. */
class MdcCorrelationTest {

  private static final Span SPAN = Span.wrap(SpanContext.create(
      "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", TraceFlags.getSampled(), TraceState.getDefault()));
  private static final Context REQUEST = OperationContext.of(
      RequestIdKey.with(Context.root(), "req-1"), SPAN, "GET");

  @AfterEach
  void clearMdc() {
    MDC.clear();
  }

  @Test
  void aContextWithARequestIdPutsItAndTheCloseTakesItAway() {
    try (Scope ignored = MdcCorrelation.apply(REQUEST, Scope.noop())) {
      assertThat(MDC.get("request_id")).isEqualTo("req-1");
      assertThat(MDC.get("trace_id")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }
    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
  }

  @Test
  void aChildContextKeepsTheRequestIdAndAnotherRequestsReplacesItUntilClosed() {
    Context child = OperationContext.of(REQUEST, SPAN, "GatedWork.run");
    Context other = OperationContext.of(RequestIdKey.with(Context.root(), "req-2"), SPAN, "GET");
    try (Scope outer = MdcCorrelation.apply(REQUEST, Scope.noop())) {
      try (Scope inner = MdcCorrelation.apply(child, Scope.noop())) {
        assertThat(MDC.get("request_id")).isEqualTo("req-1");
        try (Scope third = MdcCorrelation.apply(other, Scope.noop())) {
          assertThat(MDC.get("request_id")).isEqualTo("req-2");
        }
        assertThat(MDC.get("request_id")).isEqualTo("req-1");
      }
      assertThat(MDC.get("request_id")).isEqualTo("req-1");
    }
    assertThat(MDC.get("request_id")).isNull();
  }

  /** Kafka records, {@code Context.root()} in a request, an application's own request id: not ours to clear. */
  @Test
  void aContextWithoutARequestIdLeavesTheThreadsOwn() {
    MDC.put("request_id", "the-applications-own");
    try (Scope ignored = MdcCorrelation.apply(OperationContext.of(Context.root(), SPAN, "consume"), Scope.noop())) {
      assertThat(MDC.get("request_id")).isEqualTo("the-applications-own");
      assertThat(MDC.get("operation")).isEqualTo("consume");
    }
    assertThat(MDC.get("request_id")).isEqualTo("the-applications-own");
  }
}
