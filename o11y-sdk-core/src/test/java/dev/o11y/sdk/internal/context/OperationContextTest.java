package dev.o11y.sdk.internal.context;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import org.junit.jupiter.api.Test;

class OperationContextTest {

  private static final Span SPAN = Span.wrap(SpanContext.create(
      "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", TraceFlags.getSampled(), TraceState.getDefault()));
  private static final ContextKey<String> OTHER = ContextKey.named("other");

  @Test
  void answersTheSpanTheOperationAndTheParentsKeysLikeAnOrdinaryContext() {
    Baggage baggage = Baggage.builder().put("tenant", "t1").build();
    Context parent = Context.root().with(baggage).with(OTHER, "kept");

    Context context = OperationContext.of(parent, SPAN, "checkout");

    assertThat(context).isInstanceOf(OperationContext.class); // the probe found OpenTelemetry's span key
    assertThat(Span.fromContext(context)).isSameAs(SPAN);
    assertThat(OperationKey.from(context)).isEqualTo("checkout");
    assertThat(context.get(OTHER)).isEqualTo("kept");
    assertThat(Baggage.fromContext(context).getEntryValue("tenant")).isEqualTo("t1");
  }

  @Test
  void addingAKeyKeepsEverythingAndShadowsNothingElse() {
    Context parent = Context.root().with(Span.getInvalid()).with(OperationKey.KEY, "outer");
    Context context = OperationContext.of(parent, SPAN, "inner").with(OTHER, "added");

    assertThat(Span.fromContext(context)).isSameAs(SPAN);
    assertThat(OperationKey.from(context)).isEqualTo("inner");
    assertThat(context.get(OTHER)).isEqualTo("added");
    Span child = Span.getInvalid();
    assertThat(Span.fromContext(context.with(child))).isSameAs(child);
  }
}
