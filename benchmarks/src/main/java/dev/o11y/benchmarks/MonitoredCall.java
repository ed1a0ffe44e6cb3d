package dev.o11y.benchmarks;

import dev.o11y.sdk.O11y;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@code @Monitored} through the SDK's proxy and {@code observe(..)}: span, timer with exemplars,
 * active gauge and MDC, export off so the numbers are the application thread's cost alone.
 */
@State(Scope.Benchmark)
public class MonitoredCall {

  @Param({"sampled", "unsampled"})
  public String sampling;

  private O11y o11y;
  private Pricing pricing;
  private long base = 41;

  @Setup(Level.Trial)
  public void setUp() {
    o11y = O11y.builder()
        .serviceName("bench")
        .otlpEndpoint("none")
        .sampler(sampling.equals("sampled") ? Sampler.alwaysOn() : Sampler.alwaysOff())
        .build();
    pricing = o11y.instrument(Pricing.class, new Pricing.Impl());
  }

  @Benchmark
  public long monitoredProxy() {
    return pricing.price(base++);
  }

  @Benchmark
  public long observeLambda() {
    return o11y.observe("price", () -> pricing.hashCode() + base++);
  }

  @TearDown(Level.Trial)
  public void checkItRecorded() {
    Timer timer = o11y.meterRegistry().find("o11y.operation.duration").tag("operation", "price").timer();
    if (timer == null || timer.count() == 0) {
      throw new IllegalStateException("the instrumented path recorded nothing: the benchmark measured a no-op");
    }
    o11y.close();
  }
}
