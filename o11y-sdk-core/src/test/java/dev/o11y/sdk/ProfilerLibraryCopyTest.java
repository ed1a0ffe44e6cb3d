package dev.o11y.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.o11y.sdk.testing.PyroscopeReceiver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The agent copies async-profiler's native library into {@code java.io.tmpdir} once per JVM; a
 * service restarted again and again must not pile those copies up there.
 */
class ProfilerLibraryCopyTest {

  private static final Path MAPS = Path.of("/proc/self/maps");

  /**
   * Which copy is this JVM's is read from what the JVM really loaded: other JVMs on the machine add
   * and leave copies of their own meanwhile, and an earlier test in this JVM may have loaded it.
   */
  @Test
  void noCopyOfTheProfilerLibraryIsLeftInTheTempDirectoryAndTheProfilerStillRestarts() throws IOException {
    assumeTrue(Files.isReadable(MAPS), "Linux: /proc/self/maps names the loaded library");
    Path tmpDir = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
    try (PyroscopeReceiver pyroscope = PyroscopeReceiver.start()) {
      try (O11y o11y = profiling(pyroscope.url())) {
        pyroscope.awaitUploads(u -> !u.isEmpty(), Duration.ofSeconds(30));
      }
      Path copy = loadedProfilerLibrary().getParent();
      assertThat(copy.getParent()).as("where the agent copied the library").isEqualTo(tmpDir);
      assertThat(copy).as("this JVM's copy of the library, after the profiler started and stopped").doesNotExist();

      // the library stays loaded in the JVM: a profiler started again runs without the file
      try (O11y again = profiling(pyroscope.url())) {
        long restartedAt = Instant.now().getEpochSecond();
        pyroscope.awaitUploads(u -> u.stream().anyMatch(x -> x.from() > restartedAt), Duration.ofSeconds(30));
      }
    }
  }

  private static O11y profiling(String url) {
    return O11y.builder().serviceName("shop").otlpEndpoint("none").profilingUrl(url)
        .profilingUploadInterval(Duration.ofSeconds(1)).build();
  }

  /** The path the JVM loaded async-profiler from, as the kernel maps it ("(deleted)" once removed). */
  private static Path loadedProfilerLibrary() throws IOException {
    return Files.readAllLines(MAPS).stream()
        .filter(line -> line.contains("/libasyncProfiler-"))
        .map(line -> line.substring(line.indexOf('/')).replace(" (deleted)", ""))
        .map(Path::of)
        .findFirst()
        .orElseThrow(() -> new AssertionError("async-profiler is not loaded in this JVM"));
  }
}
