package dev.o11y.benchmarks;

import dev.o11y.sdk.Monitored;

/**
 * The measured method, in two sizes: {@code trivial} (the numbers are the instrumentation's own
 * cost) and {@code 10us} (a method doing about 10 µs of CPU work, where that cost is a fraction of
 * real work). Benchmarks take the size as a JMH {@code @Param("work")}.
 */
public interface Pricing {

  /** The JMH parameter values every per-call benchmark uses. */
  String TRIVIAL = "trivial";
  String TEN_MICROS = "10us";

  @Monitored("price")
  long price(long basePrice);

  /** The implementation for a {@code work} parameter value. */
  static Pricing of(String work) {
    return switch (work) {
      case TRIVIAL -> new Impl();
      case TEN_MICROS -> new TenMicros();
      default -> throw new IllegalArgumentException("work must be " + TRIVIAL + " or " + TEN_MICROS + ": " + work);
    };
  }

  final class Impl implements Pricing {
    @Override
    public long price(long basePrice) {
      return basePrice * 3 + 7;
    }
  }

  /**
   * About 10 µs of dependent arithmetic on this machine (the bare benchmark shows the real figure);
   * the loop carries a data dependency on the argument, so the JIT can neither fold nor hoist it.
   */
  final class TenMicros implements Pricing {
    static final int ITERATIONS = 6_400;

    @Override
    public long price(long basePrice) {
      long x = basePrice;
      for (int i = 0; i < ITERATIONS; i++) {
        x = x * 6364136223846793005L + 1442695040888963407L;
        x ^= x >>> 29;
      }
      return x;
    }
  }
}
