package dev.o11y.sdk.internal.profiling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o11y.sdk.testing.CapturedLogs;
import dev.o11y.sdk.testing.PyroscopeReceiver;
import io.pyroscope.javaagent.ProfilerDelegate;
import io.pyroscope.javaagent.PyroscopeAgent;
import io.pyroscope.javaagent.Snapshot;
import io.pyroscope.javaagent.config.Config;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The real agent with a profiler that cannot run here: its native library does not load, or it
 * refuses to start (perf events forbidden in a container, say). The agent only logs the second, as an
 * ERROR, and leaves what was started for it running. The host must see one WARN line, profiling
 * off, and no upload thread left behind.
 */
class ProfilerStartFailureTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Set<String> PROFILER_THREADS = Set.of("PyroscopeProfilingScheduler", "o11y-profile-upload");

  @Test
  void aProfilerThatRefusesToStartLeavesOneWarningAndNoThread() throws InterruptedException {
    assertStartFails(config -> new RefusingProfiler(), "IllegalStateException: perf_event_open failed: Permission denied");
  }

  @Test
  void aNativeLibraryThatDoesNotLoadLeavesOneWarningAndNoThread() throws InterruptedException {
    assertStartFails(config -> {
      throw new UnsatisfiedLinkError("/tmp/x/libasyncProfiler.so: failed to map segment from shared object");
    }, "async-profiler's native library did not load: UnsatisfiedLinkError: /tmp/x/libasyncProfiler.so");
  }

  private static void assertStartFails(Function<Config, ProfilerDelegate> profilers, String reason)
      throws InterruptedException {
    Set<Thread> before = profilerThreads();
    try (PyroscopeReceiver pyroscope = PyroscopeReceiver.start(); CapturedLogs logs = CapturedLogs.start()) {
      ProfilingSettings settings = new ProfilingSettings(pyroscope.url(), "itimer", null, null, Duration.ofSeconds(1));

      PyroscopeProfiler profiler = PyroscopeProfiler.start(settings, "shop", "test", profilers);

      assertThat(profiler.failure()).as("why profiling is off").contains(reason);
      assertThat(PyroscopeAgent.isStarted()).as("agent started").isFalse();
      assertThat(ProfilingState.active()).as("profiling active").isFalse();
      assertThat(threadsLeftBesides(before)).as("profiler threads left").isEmpty();
      profiler.close();
      List<JsonNode> lines = logs.json();
      assertThat(lines).as("log lines of the failed start and close()").singleElement().satisfies(line -> {
        assertThat(line.get("level").asString()).isEqualTo("WARN");
        assertThat(line.get("message").asString()).isEqualTo("continuous profiling to " + pyroscope.url()
            + " is off: the profiler could not start (" + profiler.failure() + "); the application runs on"
            + " without profiles");
      });
      assertThat(pyroscope.attempts()).as("uploads attempted").isZero();
    }
  }

  /** Polls: a stopped thread ends a moment after it is told to. */
  private static Set<Thread> threadsLeftBesides(Set<Thread> before) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    Set<Thread> left;
    do {
      left = profilerThreads();
      left.removeAll(before);
      if (left.isEmpty()) {
        return left;
      }
      Thread next = left.iterator().next();
      next.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
    } while (System.nanoTime() < deadline);
    return left;
  }

  private static Set<Thread> profilerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && PROFILER_THREADS.contains(t.getName())).collect(Collectors.toSet());
  }

  /** async-profiler refusing its start command, as it does where perf events are not allowed. */
  private static final class RefusingProfiler implements ProfilerDelegate {
    @Override
    public void start() {
      throw new IllegalStateException("perf_event_open failed: Permission denied");
    }

    @Override
    public void stop() {}

    @Override
    public Snapshot dumpProfile(Instant profilingStartTime, Instant now) {
      throw new AssertionError("never started, never dumped");
    }

    @Override
    public void setConfig(Config config) {}
  }
}
