package dev.o11y.benchmarks;

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

/**
 * OpenTelemetry's {@code @WithSpan} under the real OpenTelemetry Java agent, with every exporter
 * off, on the same two method sizes as {@link CallOverhead}. Only these forks get the agent. The
 * agent's jar is copied to {@code benchmarks/target/agent/} by the build, and the path below is
 * relative to the repository root, where {@code benchmarks/run.sh} starts JMH.
 *
 * <p>Per call the agent gives a span made current, and nothing else: no metric (the agent has no
 * method-duration metric for {@code @WithSpan}, whether or not its metrics exporter is on), so no
 * exemplar either, and no MDC write; its logback instrumentation adds {@code trace_id}/{@code span_id}
 * only when a log event is built, which these benchmarks never do.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class AgentOverhead {

  static final String AGENT = "-javaagent:benchmarks/target/agent/opentelemetry-javaagent.jar";
  static final String NO_TRACE_EXPORT = "-Dotel.traces.exporter=none";
  static final String NO_METRIC_EXPORT = "-Dotel.metrics.exporter=none";
  static final String NO_LOG_EXPORT = "-Dotel.logs.exporter=none";

  @Benchmark
  @Fork(value = 1, jvmArgsAppend = {
    AGENT, NO_TRACE_EXPORT, NO_METRIC_EXPORT, NO_LOG_EXPORT, "-Dotel.traces.sampler=always_on"
  })
  public long withSpanAgentSampled(Sampled state) {
    return state.pricing.price(state.next++);
  }

  @Benchmark
  @Fork(value = 1, jvmArgsAppend = {
    AGENT, NO_TRACE_EXPORT, NO_METRIC_EXPORT, NO_LOG_EXPORT, "-Dotel.traces.sampler=always_off"
  })
  public long withSpanAgentUnsampled(Unsampled state) {
    return state.pricing.price(state.next++);
  }

  @State(Scope.Thread)
  public abstract static class Agent {
    private final boolean sampled;

    @Param({Pricing.TRIVIAL, Pricing.TEN_MICROS})
    String work;

    WithSpanPricing pricing;
    long next = 41;

    Agent(boolean sampled) {
      this.sampled = sampled;
    }

    @Setup(Level.Trial)
    public void setUp() {
      pricing = new WithSpanPricing(Pricing.of(work));
      checkAgentMakesSpans();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      checkAgentMakesSpans();
    }

    /**
     * One call to another instance of the measured class whose delegate reports the current span:
     * without the agent (or with its annotation support off) there is none, and the fork fails
     * rather than timing a plain method call.
     */
    private void checkAgentMakesSpans() {
      SpanContext[] seen = new SpanContext[1];
      new WithSpanPricing(basePrice -> {
        seen[0] = Span.current().getSpanContext();
        return basePrice;
      }).price(1);
      if (!seen[0].isValid()) {
        throw new IllegalStateException("no span inside the @WithSpan method: the OpenTelemetry agent is not"
            + " instrumenting this JVM (run from the repository root so " + AGENT + " resolves)");
      }
      if (seen[0].isSampled() != sampled) {
        throw new IllegalStateException("expected a " + (sampled ? "sampled" : "unsampled") + " span: " + seen[0]);
      }
    }
  }

  @State(Scope.Thread)
  public static class Sampled extends Agent {
    public Sampled() {
      super(true);
    }
  }

  @State(Scope.Thread)
  public static class Unsampled extends Agent {
    public Unsampled() {
      super(false);
    }
  }
}
