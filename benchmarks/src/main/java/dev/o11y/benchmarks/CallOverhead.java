package dev.o11y.benchmarks;

import dev.o11y.sdk.O11y;
import dev.o11y.sdk.internal.Invocation;
import dev.o11y.sdk.internal.SdkInternals;
import dev.o11y.sdk.internal.context.MdcContextStorage;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.concurrent.Callable;
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
 * Per-call cost of {@code @Monitored}: the same trivial method bare, through the SDK, and with the
 * same signals written by hand. Every benchmark has its own state class and JMH runs each benchmark
 * in its own fork, so only the SDK benchmarks ever load {@code O11y} (whose static initialiser wraps
 * the global OTel context storage); {@link HandWritten} checks that its fork is clean. Export is off
 * ({@code otlpEndpoint("none")}): the numbers are the application thread's cost.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1) // never 0: the hand-written baseline must not share a JVM with O11y
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CallOverhead {

  @Benchmark
  public long bare(Bare state) {
    return state.pricing.price(state.next++);
  }

  @Benchmark
  public long monitoredProxySampled(ProxySampled state) {
    return state.pricing.price(state.next++);
  }

  @Benchmark
  public long monitoredProxyUnsampled(ProxyUnsampled state) {
    return state.pricing.price(state.next++);
  }

  @Benchmark
  public long monitoredProxyInUnsampledTrace(ProxyInUnsampledTrace state) {
    return state.pricing.price(state.next++);
  }

  @Benchmark
  public long observeLambdaSampled(ObserveSampled state) {
    return state.o11y.observe("price", state.call);
  }

  @Benchmark
  public long handWritten(HandWritten state) {
    return state.price(state.next++);
  }

  /** The baseline: the implementation called directly. */
  @State(Scope.Thread)
  public static class Bare {
    @Param({Pricing.TRIVIAL, Pricing.TEN_MICROS})
    String work;

    Pricing pricing;
    long next = 41; // a changing argument, so the JIT cannot fold the call away

    @Setup(Level.Trial)
    public void setUp() {
      pricing = Pricing.of(work);
    }
  }

  /** One O11y per fork; the subclasses pick the sampler and what to build on top. */
  @State(Scope.Thread)
  public abstract static class Sdk {
    private final Sampler sampler;
    private final boolean sampled;

    @Param({Pricing.TRIVIAL, Pricing.TEN_MICROS})
    String work;

    O11y o11y;
    long next = 41;

    Sdk(boolean sampled) {
      this(sampled ? Sampler.alwaysOn() : Sampler.alwaysOff(), sampled);
    }

    Sdk(Sampler sampler, boolean sampled) {
      this.sampler = sampler;
      this.sampled = sampled;
    }

    /** Builds what the benchmark calls; runs after the SDK is up. */
    void prepare() {}

    @Setup(Level.Trial)
    public void setUp() {
      o11y = O11y.builder()
          .serviceName("bench")
          .otlpEndpoint("none")
          .sampler(sampler)
          .build();
      if (!MdcContextStorage.isInstalled()) {
        // the SDK would fall back to setting the MDC itself: not the path users run
        throw new IllegalStateException("o11y's MDC context storage is not installed in this fork");
      }
      prepare();
    }

    /** Checks specific to what the benchmark built; runs before the SDK closes. */
    void verify() {}

    /** Fails the run if the measured path did not really record: a no-op must not pass as fast. */
    @TearDown(Level.Trial)
    public void checkRecordedAndClose() {
      try {
        verify();
        Timer timer = o11y.meterRegistry().find("o11y.operation.duration").tag("operation", "price").timer();
        if (timer == null || timer.count() == 0) {
          throw new IllegalStateException("the SDK recorded no calls: the benchmark measured a no-op");
        }
        if (sampled && !o11y.scrape().contains("trace_id=")) {
          throw new IllegalStateException("sampled calls left no exemplar on the duration histogram");
        }
      } finally {
        o11y.close();
      }
    }
  }

  /** {@code @Monitored} through {@code o11y.instrument(..)}, every span sampled. */
  @State(Scope.Thread)
  public static class ProxySampled extends Sdk {
    Pricing pricing;

    public ProxySampled() {
      super(true);
    }

    @Override
    void prepare() {
      pricing = o11y.instrument(Pricing.class, Pricing.of(work));
    }
  }

  /** The same with no span sampled: metrics and MDC still happen, the span is non-recording. */
  @State(Scope.Thread)
  public static class ProxyUnsampled extends Sdk {
    Pricing pricing;

    public ProxyUnsampled() {
      super(false);
    }

    @Override
    void prepare() {
      pricing = o11y.instrument(Pricing.class, Pricing.of(work));
    }
  }

  /**
   * The same proxy called inside a trace that was not sampled upstream — the shape of most calls
   * under a ratio sampler: a request arrived with {@code traceparent ...-00}, the server span (from
   * the SDK's instrumenter, like the HTTP filter's) is current, and the monitored method runs
   * inside it. The sampler is OpenTelemetry's default, parent-based always-on.
   */
  @State(Scope.Thread)
  public static class ProxyInUnsampledTrace extends Sdk {
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    Pricing pricing;
    private Invocation request;

    public ProxyInUnsampledTrace() {
      super(Sampler.parentBased(Sampler.alwaysOn()), false);
    }

    @Override
    void prepare() {
      pricing = o11y.instrument(Pricing.class, Pricing.of(work));
      SpanContext upstream = SpanContext.createFromRemoteParent(
          TRACE, "00f067aa0ba902b7", TraceFlags.getDefault(), TraceState.getDefault());
      // JMH runs a thread-scoped state's setup on the thread that then runs the benchmark
      request = SdkInternals.instrumenter(o11y).start("GET /price", SpanKind.SERVER, Attributes.empty(),
          Context.root().with(Span.wrap(upstream)), null);
    }

    @Override
    void verify() {
      if (!TRACE.equals(MDC.get("trace_id")) || Span.current().getSpanContext().isSampled()) {
        throw new IllegalStateException("the benchmark thread was not inside the unsampled request trace");
      }
      request.end(null);
    }
  }

  /** {@code o11y.observe("price", callable)}; the callable is built once so only the SDK is measured. */
  @State(Scope.Thread)
  public static class ObserveSampled extends Sdk {
    Callable<Long> call;

    public ObserveSampled() {
      super(true);
    }

    @Override
    void prepare() {
      Pricing impl = Pricing.of(work);
      call = () -> impl.price(next++);
    }
  }
}
