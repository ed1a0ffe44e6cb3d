package dev.o11y.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** The baseline: the method called directly, nothing loaded but the method. */
@State(Scope.Benchmark)
public class BareCall {

  private final Pricing pricing = new Pricing.Impl();
  private long base = 41;

  @Benchmark
  public long bare() {
    return pricing.price(base++);
  }
}
