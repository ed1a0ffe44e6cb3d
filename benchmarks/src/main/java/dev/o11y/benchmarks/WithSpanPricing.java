package dev.o11y.benchmarks;

import io.opentelemetry.instrumentation.annotations.WithSpan;

/**
 * The measured method carrying OpenTelemetry's {@code @WithSpan}: a plain class, so the only thing
 * that turns it into a span is the Java agent rewriting its bytecode at load time.
 */
public class WithSpanPricing {

  private final Pricing delegate;

  public WithSpanPricing(Pricing delegate) {
    this.delegate = delegate;
  }

  @WithSpan("price")
  public long price(long basePrice) {
    return delegate.price(basePrice);
  }
}
