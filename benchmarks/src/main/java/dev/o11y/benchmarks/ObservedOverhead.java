package dev.o11y.benchmarks;

import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.MDC;

/**
 * Micrometer's {@code @Observed} the way a Spring Boot application with the OpenTelemetry tracing
 * bridge gets it ({@link BootObservationStack}), on the same two method sizes as
 * {@link CallOverhead}. Nothing here loads {@code dev.o11y.sdk}; each benchmark runs in its own fork.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1) // never 0: the stack wraps the global OTel context storage
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ObservedOverhead {

  @Benchmark
  public long observedSampled(Sampled state) {
    return state.pricing.price(state.next++);
  }

  @Benchmark
  public long observedUnsampled(Unsampled state) {
    return state.pricing.price(state.next++);
  }

  @State(Scope.Thread)
  public abstract static class Stack {
    private final boolean sampled;

    @Param({Pricing.TRIVIAL, Pricing.TEN_MICROS})
    String work;

    BootObservationStack stack;
    ObservedPricing pricing;
    long next = 41;

    Stack(boolean sampled) {
      this.sampled = sampled;
    }

    @Setup(Level.Trial)
    public void setUp() {
      stack = new BootObservationStack(sampled);
      pricing = stack.observed(new ObservedPricing(Pricing.of(work)));
      checkOneCallIsObserved();
    }

    /**
     * One call through a proxy built the same way, whose method reports what it sees: the span the
     * observation made current and the MDC. Fails the fork if the aspect or the bridge is inert.
     */
    private void checkOneCallIsObserved() {
      SpanContext[] span = new SpanContext[1];
      String[] mdcTraceId = new String[1];
      stack.observed(new ObservedPricing(basePrice -> {
        span[0] = Span.current().getSpanContext();
        mdcTraceId[0] = MDC.get("traceId");
        return basePrice;
      })).price(1);
      if (!span[0].isValid() || span[0].isSampled() != sampled) {
        throw new IllegalStateException("@Observed did not make a " + (sampled ? "sampled" : "unsampled")
            + " span current: " + span[0]);
      }
      if (!span[0].getTraceId().equals(mdcTraceId[0])) {
        throw new IllegalStateException("the MDC's traceId is " + mdcTraceId[0] + ", not the span's");
      }
      if (timer().count() != 1) {
        throw new IllegalStateException("@Observed recorded no timer for the checked call");
      }
    }

    private Timer timer() {
      Timer timer = stack.meterRegistry.find("price").timer();
      if (timer == null) {
        throw new IllegalStateException("no 'price' timer: @Observed recorded nothing");
      }
      return timer;
    }

    /** Fails the run if the measured path did not really record: a no-op must not pass as fast. */
    @TearDown(Level.Trial)
    public void checkRecordedAndClose() {
      try {
        if (timer().count() <= 1) {
          throw new IllegalStateException("the measured calls recorded nothing: the benchmark measured a no-op");
        }
        if (sampled && !stack.meterRegistry.scrape("application/openmetrics-text").contains("trace_id=")) {
          throw new IllegalStateException("sampled calls left no exemplar on the 'price' histogram");
        }
      } finally {
        stack.close();
      }
    }
  }

  /** Every span sampled ({@code management.tracing.sampling.probability=1.0}). */
  @State(Scope.Thread)
  public static class Sampled extends Stack {
    public Sampled() {
      super(true);
    }
  }

  /** No span sampled: the timer and the MDC still happen, the span is non-recording. */
  @State(Scope.Thread)
  public static class Unsampled extends Stack {
    public Unsampled() {
      super(false);
    }
  }
}
