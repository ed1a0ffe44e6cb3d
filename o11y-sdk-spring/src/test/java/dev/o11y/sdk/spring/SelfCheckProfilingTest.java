package dev.o11y.sdk.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o11y.sdk.spring.otelapp.SelfCheckProbe;
import dev.o11y.sdk.testing.PyroscopeReceiver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code /actuator/o11y} of an application that configured profiling on a platform async-profiler
 * has no library for (a JVM of its own: the library loads, or fails to, once per JVM). The check says
 * profiling failed and why — before, it said "not configured", sending whoever looked to the
 * configuration that was right — and shows no credential of the profiling URL.
 */
class SelfCheckProfilingTest {

  @TempDir
  Path dir;

  @Test
  void aProfilerThatFailedToStartIsReportedAsFailedWithItsReasonAndNoCredentials() throws Exception {
    try (PyroscopeReceiver pyroscope = PyroscopeReceiver.start()) {
      String url = pyroscope.url().replace("http://", "http://123456:glc_s3cr3t@");
      String out = run(List.of("-Dos.arch=sparc"), List.of("--server.port=0", "--spring.application.name=self-check",
          "--o11y.otlp-endpoint=none", "--o11y.profiling.url=" + url));

      String body = out.lines().filter(l -> l.startsWith("PROBE ")).findFirst()
          .orElseThrow(() -> new AssertionError("no PROBE line in " + out)).substring("PROBE ".length());
      JsonNode profiling = new ObjectMapper().readTree(body).path("profiling");
      assertThat(profiling.path("attached").asBoolean()).as("attached; %s", body).isFalse();
      assertThat(profiling.path("detail").asString()).isEqualTo("failed to start, profiling is off: async-profiler's"
          + " native library did not load: RuntimeException: Unsupported architecture sparc");
      assertThat(out).as("the application's output").doesNotContain("s3cr3t");
    }
  }

  private String run(List<String> jvmOptions, List<String> args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path")));
    command.addAll(jvmOptions);
    command.add(SelfCheckProbe.class.getName());
    command.addAll(args);
    Path out = dir.resolve("stdout.txt");
    Path err = dir.resolve("stderr.txt");
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("O11Y_") || name.startsWith("OTEL_"));
    Process process = builder.start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the probe did not exit within 120 s; stderr: " + Files.readString(err));
    }
    assertThat(process.exitValue()).as("exit code; stderr: %s", Files.readString(err)).isZero();
    return Files.readString(out, StandardCharsets.UTF_8) + Files.readString(err, StandardCharsets.UTF_8);
  }
}
