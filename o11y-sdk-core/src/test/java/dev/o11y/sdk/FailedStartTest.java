package dev.o11y.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.o11y.sdk.internal.metrics.TickingWallClock;
import dev.o11y.sdk.testing.CapturedLogs;
import dev.o11y.sdk.testing.OtlpReceiver;
import dev.o11y.sdk.testing.PyroscopeReceiver;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * A {@code build()} that fails part-way has started threads by then: the metrics clock, the
 * OpenTelemetry span processor, the profiler. The caller gets the failure as it was, and none of
 * them may go on running behind an {@code O11y} the caller never received and so cannot close.
 */
class FailedStartTest {

  /** Threads an {@code O11y} starts: its own, OpenTelemetry's batch span processor's, pyroscope's. */
  private static final List<String> SDK_THREADS = List.of(TickingWallClock.THREAD_NAME,
      "BatchSpanProcessor_WorkerThread", "PyroscopeProfilingScheduler", "o11y-profile-upload");
  /** The span processor's thread ends at its next wake-up, up to OpenTelemetry's 5 s schedule delay. */
  private static final Duration WAIT = Duration.ofSeconds(30);

  /**
   * The application's registry throws on a conflicting registration (Micrometer's own option) and
   * already has a gauge under a name the SDK registers last, once the profiler runs: everything
   * before that step has started.
   */
  @Test
  void aMeterTheApplicationsRegistryRefusesOnceTheProfilerRunsStopsWhatWasStarted() throws InterruptedException {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)
        .throwExceptionOnRegistrationFailure();
    registry.gauge("o11y.sdk.dropped.profiles", 0);
    try (OtlpReceiver collector = OtlpReceiver.start(); PyroscopeReceiver pyroscope = PyroscopeReceiver.start()) {
      String serviceBefore = serviceFieldOfALogLine();
      Set<Thread> before = sdkThreads();

      Throwable failure = catchThrowable(() -> O11y.builder().serviceName("failed-start")
          .otlpEndpoint(collector.endpoint()).meterRegistry(registry).profilingUrl(pyroscope.url()).build());

      assertThat(failure).as("what build() threw").isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("o11y_sdk_dropped_profiles").hasNoSuppressedExceptions();
      assertThat(threadsStillRunning(before)).as("SDK threads left running %s after the failed build()", WAIT)
          .isEmpty();
      assertThat(serviceFieldOfALogLine()).as("the service field of log lines after the failed build()")
          .isEqualTo(serviceBefore);
    }
  }

  /** A platform convention that throws for a key it was not written for, on the registry O11y creates. */
  @Test
  void aConventionThatThrowsPartWayStopsTheClockAndTheSpanProcessor() throws InterruptedException {
    IllegalStateException thrown = new IllegalStateException("no verdict for 'commit'");
    O11yConvention policy = new O11yConvention() {
      @Override
      public boolean allowsKey(String key) {
        if (key.equals("commit")) {
          throw thrown;
        }
        return true;
      }
    };
    try (OtlpReceiver collector = OtlpReceiver.start()) {
      Set<Thread> before = sdkThreads();

      Throwable failure = catchThrowable(() -> O11y.builder().serviceName("failed-start")
          .otlpEndpoint(collector.endpoint()).convention(policy).build());

      assertThat(failure).as("what build() threw").isSameAs(thrown);
      assertThat(failure).hasNoSuppressedExceptions();
      assertThat(threadsStillRunning(before)).as("SDK threads left running %s after the failed build()", WAIT)
          .isEmpty();
    }
  }

  private static Set<Thread> sdkThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && SDK_THREADS.stream().anyMatch(t.getName()::startsWith))
        .collect(Collectors.toSet());
  }

  /** SDK threads started since {@code before} that are still alive once each has had until the deadline to end. */
  private static List<String> threadsStillRunning(Set<Thread> before) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    List<Thread> started = sdkThreads().stream().filter(t -> !before.contains(t)).toList();
    for (Thread thread : started) {
      thread.join(Math.max(1, Duration.ofNanos(deadline - System.nanoTime()).toMillis()));
    }
    return started.stream().filter(Thread::isAlive).map(Thread::getName).toList();
  }

  private static String serviceFieldOfALogLine() {
    try (CapturedLogs logs = CapturedLogs.start()) {
      LoggerFactory.getLogger(FailedStartTest.class).warn("which service am I");
      JsonNode line = logs.json().stream()
          .filter(l -> l.path("message").asString("").equals("which service am I")).findFirst().orElseThrow();
      return line.path("service").asString();
    }
  }
}
