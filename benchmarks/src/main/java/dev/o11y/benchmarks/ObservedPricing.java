package dev.o11y.benchmarks;

import io.micrometer.observation.annotation.Observed;

/**
 * The measured method carrying Micrometer's {@code @Observed}, for {@code ObservedAspect}. A class,
 * not final: Spring AOP subclasses it, as Spring Boot does by default ({@code proxyTargetClass}).
 */
public class ObservedPricing {

  private final Pricing delegate;

  public ObservedPricing(Pricing delegate) {
    this.delegate = delegate;
  }

  @Observed(name = "price")
  public long price(long basePrice) {
    return delegate.price(basePrice);
  }
}
