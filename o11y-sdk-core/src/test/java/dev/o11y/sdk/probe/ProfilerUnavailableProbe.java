package dev.o11y.sdk.probe;

import dev.o11y.sdk.O11y;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * An application whose JVM cannot run async-profiler, started by {@code ProfilerUnavailableTest} in a
 * JVM of its own (the native library loads once per JVM, and a failed load stays failed). It
 * configures profiling, works, and prints what a test cannot see from outside as {@code PROBE}
 * lines between the SDK's JSON lines.
 */
public final class ProfilerUnavailableProbe {

  private static final Set<String> PROFILER_THREADS = Set.of("PyroscopeProfilingScheduler", "o11y-profile-upload");

  private ProfilerUnavailableProbe() {}

  /** @param args the profiling server's URL */
  public static void main(String[] args) {
    O11y o11y = O11y.builder().serviceName("probe").environment("test").otlpEndpoint("none")
        .profilingUrl(args[0]).profilingUploadInterval(Duration.ofSeconds(1)).build();
    int result = o11y.observe("work", () -> 6 * 7);
    System.out.println("PROBE result=" + result);
    System.out.println("PROBE profiler-threads=" + profilerThreads());
    System.out.println("PROBE scrape-dropped-profiles=" + o11y.scrape().lines()
        .filter(l -> l.startsWith("o11y_sdk_dropped_profiles_total")).toList());
    o11y.close();
    System.out.println("PROBE closed");
  }

  private static List<String> profilerThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
        .filter(PROFILER_THREADS::contains).sorted().toList();
  }
}
