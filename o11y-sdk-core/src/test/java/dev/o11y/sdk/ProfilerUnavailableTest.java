package dev.o11y.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o11y.sdk.probe.ProfilerUnavailableProbe;
import dev.o11y.sdk.testing.CapturedLogs;
import dev.o11y.sdk.testing.PyroscopeReceiver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * A JVM where async-profiler cannot run: a platform it has no library for, or a temporary directory
 * it cannot extract its library into (read-only or missing {@code /tmp}). The application configured
 * profiling and must start and work all the same, told once, in one WARN line, that profiling is
 * off — no exception out of {@code build()}, no ERROR, no stack trace on stderr, no profiler thread
 * left, nothing sent. Each case runs in a JVM of its own: the library loads, or fails to, once per JVM.
 */
class ProfilerUnavailableTest {

  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"-Dos.arch=sparc", "-Djava.io.tmpdir=MISSING"})
  void anApplicationWhoseProfilerCannotLoadStartsWithOneWarningAndNoProfilerThread(String jvmOption)
      throws Exception {
    try (PyroscopeReceiver pyroscope = PyroscopeReceiver.start()) {
      Run run = run(jvmOption.replace("MISSING", dir.resolve("missing").toString()), pyroscope.url());

      assertThat(run.exitCode).as("exit code; stdout %s; stderr %s", run.stdout, run.stderr).isZero();
      assertThat(run.stderr).as("stderr").isEmpty();
      assertThat(run.stdout).contains("PROBE result=42", "PROBE profiler-threads=[]", "PROBE closed");
      List<JsonNode> lines = run.stdout.stream().filter(l -> l.startsWith("{")).map(CapturedLogs::parse).toList();
      assertThat(lines).as("WARN and ERROR lines").filteredOn(l -> !l.get("level").asString().equals("INFO"))
          .singleElement().satisfies(warning -> {
            assertThat(warning.get("level").asString()).isEqualTo("WARN");
            assertThat(warning.get("message").asString())
                .startsWith("continuous profiling to " + pyroscope.url() + " is off: the profiler could not start"
                    + " (async-profiler's native library did not load: ")
                .contains(jvmOption.startsWith("-Dos.arch") ? "Unsupported architecture sparc" : "missing")
                .endsWith("the application runs on without profiles");
            assertThat(warning.has("stack_trace")).as("a stack trace in the warning").isFalse();
          });
      assertThat(lines).as("lines claiming profiling started")
          .noneMatch(l -> l.get("message").asString().contains("started"));
      assertThat(run.stdout).contains("PROBE scrape-dropped-profiles=[o11y_sdk_dropped_profiles_total{env=\"test\","
          + "service=\"probe\"} 0.0]");
      assertThat(pyroscope.attempts()).as("uploads attempted").isZero();
    }
  }

  private record Run(int exitCode, List<String> stdout, String stderr) {}

  private Run run(String jvmOption, String profilingUrl) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), jvmOption, ProfilerUnavailableProbe.class.getName(),
        profilingUrl));
    Path out = dir.resolve("stdout.txt");
    Path err = dir.resolve("stderr.txt");
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    // and the JVM option variables: the JVM announces them on stderr ("Picked up JAVA_TOOL_OPTIONS")
    builder.environment().keySet().removeIf(name -> name.startsWith("O11Y_") || name.startsWith("OTEL_")
        || name.equals("JAVA_TOOL_OPTIONS") || name.equals("JDK_JAVA_OPTIONS") || name.equals("_JAVA_OPTIONS"));
    Process process = builder.start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the probe did not exit within 120 s; stderr: " + Files.readString(err));
    }
    return new Run(process.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8).stream()
        .filter(l -> !l.isBlank()).toList(), Files.readString(err));
  }
}
