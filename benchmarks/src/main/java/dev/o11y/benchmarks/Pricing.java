package dev.o11y.benchmarks;

import dev.o11y.sdk.Monitored;

/** The measured method: trivial, so the numbers are the instrumentation's own cost. */
public interface Pricing {

  @Monitored("price")
  long price(long basePrice);

  final class Impl implements Pricing {
    @Override
    public long price(long basePrice) {
      return basePrice * 3 + 7;
    }
  }
}
