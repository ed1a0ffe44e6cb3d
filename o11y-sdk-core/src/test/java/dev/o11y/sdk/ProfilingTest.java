package dev.o11y.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o11y.sdk.testing.OtlpReceiver;
import dev.o11y.sdk.testing.PyroscopeReceiver;
import dev.o11y.sdk.testing.PyroscopeReceiver.ProfileSample;
import dev.o11y.sdk.testing.ReceivedSpan;
import io.opentelemetry.api.trace.Span;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** The real pyroscope-java agent uploads to a local receiver; the test decodes JFR and labels. */
class ProfilingTest {

  private static final long BURN_NANOS = 1_200_000_000L;

  interface Work {
    long run();
  }

  /** Four CPU-bound phases with names the test finds in the sampled stacks. */
  static final class Phases implements Work {
    final Map<String, String> spanIds = new ConcurrentHashMap<>();
    O11y o11y;
    ExecutorService pool;

    @Override
    @Monitored("profiled-work")
    public long run() {
      spanIds.put("parent", Span.current().getSpanContext().getSpanId());
      long x = parentBefore();
      x += o11y.observe("child-work", () -> {
        spanIds.put("child", Span.current().getSpanContext().getSpanId());
        return childBurn();
      });
      x += parentAfter();
      try {
        x += pool.submit(Phases::onExecutor).get();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      return x;
    }

    static long parentBefore() {
      return burn();
    }

    static long childBurn() {
      return burn();
    }

    static long parentAfter() {
      return burn();
    }

    static long onExecutor() {
      return burn();
    }

    /**
     * Burns thread CPU time, not wall time: the profiler samples CPU time, so on a machine busy with
     * other builds a wall-clock burn got too few samples (the test failed at load average 20).
     */
    private static long burn() {
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long until = threads.getCurrentThreadCpuTime() + BURN_NANOS;
      long x = 0;
      while (threads.getCurrentThreadCpuTime() < until) {
        x += Long.numberOfTrailingZeros(x * 31 + 7) + Math.round(Math.sqrt(x));
      }
      return x;
    }
  }

  @Test
  void cpuSamplesCarryTheCurrentSpanAcrossNestingAndThreadHops() throws Exception {
    try (PyroscopeReceiver pyroscope = PyroscopeReceiver.start(); OtlpReceiver otlp = OtlpReceiver.start()) {
      Phases phases = new Phases();
      String mainThread = Thread.currentThread().getName();
      try (O11y o11y = O11y.builder().serviceName("shop").environment("test").otlpEndpoint(otlp.endpoint())
          .profilingUrl(pyroscope.url()).profilingUploadInterval(Duration.ofSeconds(1)).build()) {
        phases.o11y = o11y;
        phases.pool = o11y.wrap(Executors.newSingleThreadExecutor());
        o11y.instrument(Work.class, phases).run();
        phases.pool.shutdown();

        List<ProfileSample> samples = pyroscope.awaitSamples(s -> s.stream().filter(x -> x.inMethod("onExecutor")).count() >= 20
            && s.stream().filter(x -> x.inMethod("parentAfter")).count() >= 20, Duration.ofSeconds(30));
        String parent = phases.spanIds.get("parent");
        String child = phases.spanIds.get("child");

        assertThat(samples.stream().filter(s -> s.inMethod("parentBefore")))
            .isNotEmpty()
            .allSatisfy(s -> assertThat(s.labels()).containsEntry("span_id", parent)
                .containsEntry("span_name", "profiled-work").containsEntry("operation", "profiled-work"));
        assertThat(samples.stream().filter(s -> s.inMethod("childBurn")))
            .isNotEmpty()
            .allSatisfy(s -> assertThat(s.labels()).containsEntry("span_id", child).containsEntry("operation", "child-work"));
        assertThat(samples.stream().filter(s -> s.inMethod("parentAfter")))
            .as("the parent's labels are back after the child ended")
            .allSatisfy(s -> assertThat(s.labels()).containsEntry("span_id", parent));
        assertThat(samples.stream().filter(s -> s.inMethod("onExecutor")))
            .as("labels follow the context to the pool thread")
            .allSatisfy(s -> {
              assertThat(s.thread()).isNotEqualTo(mainThread);
              assertThat(s.labels()).containsEntry("span_id", parent);
            });
        assertThat(pyroscope.uploads()).allSatisfy(u -> assertThat(u.name()).startsWith("shop{")
            .contains("service=shop").contains("env=test"));

        // the profiling server goes down: the application keeps working, lost uploads are counted
        pyroscope.respondWithStatus(503);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        double dropped = 0;
        while (dropped == 0 && System.nanoTime() < deadline) {
          assertThat(o11y.observe("still-working", Phases::onExecutor)).isNotNull();
          dropped = dev.o11y.sdk.testing.PrometheusScrape.parse(o11y.scrape())
              .value("o11y_sdk_dropped_profiles_total", Map.of("service", "shop"));
        }
        assertThat(dropped).as("dropped profile uploads counted").isGreaterThan(0);
      }
      ReceivedSpan span = otlp.awaitSpan("profiled-work", Duration.ofSeconds(20));
      assertThat(span.attributes()).containsEntry("pyroscope.profile.id", span.spanId());
    }
  }
}
