package dev.o11y.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.o11y.sdk.testing.CapturedLogs;
import dev.o11y.sdk.testing.PrometheusScrape;
import dev.o11y.sdk.testing.PyroscopeReceiver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * A profiling server behind basic auth ({@code https://user:password@host}, as Grafana Cloud's
 * Pyroscope is): the pair reaches the server as an {@code Authorization} header, and the password
 * is never written anywhere the application's operators look — log lines (the agent's DEBUG lines
 * included), thread names. A server refusing profiles (401, 400, 413) loses them: each is counted as
 * dropped once, not retried and not counted as delivered.
 */
class ProfilingCredentialsTest {

  private static final String USER = "123456";
  /** '/' and '@' must be percent-encoded in a URL: the server gets the decoded password. */
  private static final String PASSWORD = "glc_s3cr3t/pa@ss";
  private static final String PASSWORD_IN_URL = "glc_s3cr3t%2Fpa%40ss";
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final List<String> LOGGERS = List.of("io.pyroscope", "dev.o11y.sdk");

  /** DEBUG: the agent prints its upload URL and configuration at that level. */
  @BeforeEach
  void debugLogging() {
    LOGGERS.forEach(name -> ((Logger) LoggerFactory.getLogger(name)).setLevel(Level.DEBUG));
  }

  @AfterEach
  void defaultLogging() {
    LOGGERS.forEach(name -> ((Logger) LoggerFactory.getLogger(name)).setLevel(null));
  }

  @Test
  void credentialsInTheUrlArriveAsBasicAuthAndAreNeverShown() {
    try (PyroscopeReceiver pyroscope = PyroscopeReceiver.start(); CapturedLogs logs = CapturedLogs.start()) {
      pyroscope.requireBasicAuth(USER, PASSWORD);
      try (O11y o11y = profiling(withCredentials(pyroscope.url(), PASSWORD_IN_URL))) {
        pyroscope.awaitUploads(u -> !u.isEmpty(), WAIT);

        assertThat(pyroscope.authorizations()).as("Authorization headers received")
            .contains(PyroscopeReceiver.basicAuth(USER, PASSWORD));
        assertThat(Thread.getAllStackTraces().keySet()).as("thread names")
            .noneMatch(t -> t.getName().contains("s3cr3t") || t.getName().contains(USER));
        assertThat(droppedProfiles(o11y)).as("profiles counted as dropped").isZero();
      }
      assertThat(logs.raw()).as("the application's log")
          .contains("continuous profiling to " + pyroscope.url() + " (itimer, upload every 1s): started")
          .doesNotContain("s3cr3t", USER + ":", PyroscopeReceiver.basicAuth(USER, PASSWORD).substring(6));
    }
  }

  @Test
  void aWrongPasswordCountsEveryProfileAsDroppedAndIsNeverShown() {
    try (PyroscopeReceiver pyroscope = PyroscopeReceiver.start(); CapturedLogs logs = CapturedLogs.start()) {
      pyroscope.requireBasicAuth(USER, "the-right-one");
      try (O11y o11y = profiling(withCredentials(pyroscope.url(), PASSWORD_IN_URL))) {
        awaitEveryAttemptDropped(pyroscope, o11y);
      }
      assertThat(pyroscope.uploads()).as("profiles the server took").isEmpty();
      assertThat(logs.json()).as("the profiler's WARN lines")
          .filteredOn(l -> l.get("level").asString().equals("WARN") && l.get("logger_name").asString().equals("io.pyroscope"))
          .isNotEmpty()
          .allSatisfy(l -> assertThat(l.get("message").asString())
              .isEqualTo("the profiling server refused a profile with HTTP 401; it is dropped, not retried"));
      assertThat(logs.raw()).as("the application's log").doesNotContain("s3cr3t", USER + ":");
    }
  }

  /** The agent retries only 429 and 5xx (counted once given up, see ProfilingFaultsTest). */
  @ParameterizedTest(name = "HTTP {0}")
  @ValueSource(ints = {400, 413})
  void aRefusedProfileIsCountedAsDroppedOnceAndNotRetried(int status) {
    try (PyroscopeReceiver pyroscope = PyroscopeReceiver.start(); CapturedLogs logs = CapturedLogs.start()) {
      pyroscope.respondWithStatus(status);
      try (O11y o11y = profiling(pyroscope.url())) {
        awaitEveryAttemptDropped(pyroscope, o11y);
      }
      // three or more refusals within the minute: one WARN, the repeats at DEBUG
      assertThat(logs.json()).as("the profiler's WARN lines")
          .filteredOn(l -> l.get("level").asString().equals("WARN") && l.get("logger_name").asString().equals("io.pyroscope"))
          .singleElement().satisfies(l -> assertThat(l.get("message").asString())
              .isEqualTo("the profiling server refused a profile with HTTP " + status + "; it is dropped, not retried"));
    }
  }

  /**
   * Waits until 3 refused profiles are counted as dropped, then compares with the receiver: one
   * attempt per profile (a retried profile would show as twice the attempts: 6 or more for 3 drops),
   * up to two of them still being answered or queued between the two reads.
   */
  private static void awaitEveryAttemptDropped(PyroscopeReceiver pyroscope, O11y o11y) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    int seen = 0;
    while (droppedProfiles(o11y) < 3 && System.nanoTime() < deadline) {
      // the next upload comes within a second; its arrival is as good a moment as any to look again
      try {
        seen = pyroscope.awaitAttempts(seen + 1, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      } catch (AssertionError noMoreUploadsBeforeTheDeadline) {
        break;
      }
    }
    double dropped = droppedProfiles(o11y);
    int attempts = pyroscope.attempts();
    assertThat(dropped).as("refused profiles counted as dropped within %s", WAIT).isGreaterThanOrEqualTo(3);
    assertThat(attempts - dropped).as("uploads the server refused (%s) minus profiles counted as dropped (%s)",
        attempts, dropped).isBetween(0.0, 2.0);
  }

  private static O11y profiling(String url) {
    return O11y.builder().serviceName("shop").environment("test").otlpEndpoint("none").profilingUrl(url)
        .profilingUploadInterval(Duration.ofSeconds(1)).build();
  }

  private static String withCredentials(String url, String password) {
    return url.replace("http://", "http://" + USER + ":" + password + "@");
  }

  private static double droppedProfiles(O11y o11y) {
    return PrometheusScrape.parse(o11y.scrape()).value("o11y_sdk_dropped_profiles_total", Map.of());
  }
}
