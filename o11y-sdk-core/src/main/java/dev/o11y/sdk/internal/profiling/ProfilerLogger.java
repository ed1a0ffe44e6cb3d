package dev.o11y.sdk.internal.profiling;

import dev.o11y.sdk.internal.WarningInterval;
import io.pyroscope.javaagent.api.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's log, sent to SLF4J (so it is JSON and masked like everything else) — and the only
 * place the agent says how an upload ended, which is how dropped profiles are counted: it gave up
 * after its retries (server down, 5xx, 429), or the server refused the profile (another 4xx, which
 * the agent never retries). It is also where the agent reports a profiler that failed to start;
 * that is kept for {@link PyroscopeProfiler}, which says it once, in its own words.
 */
final class ProfilerLogger implements Logger {

  private static final org.slf4j.Logger log = LoggerFactory.getLogger("io.pyroscope");
  private static final String GAVE_UP = "Gave up uploading";
  /** The agent's line for an answer of 400 or more: status, then the response body. */
  private static final String ANSWERED = "Error uploading snapshot: %s %s";
  private static final String START_FAILED = "Error starting profiler";

  private final DroppedProfiles dropped;
  /** A server that stays down or keeps refusing fails every upload: one WARN a minute, the rest at DEBUG. */
  private final WarningInterval warnings = new WarningInterval();
  private volatile Throwable startFailure;

  ProfilerLogger(DroppedProfiles dropped) {
    this.dropped = dropped;
  }

  @Override
  public void log(Level level, String message, Object... args) {
    if (message == null) {
      return;
    }
    if (message.startsWith(START_FAILED)) {
      startFailed(args != null && args.length > 0 && args[0] instanceof Throwable t
          ? t : new IllegalStateException(safeFormat(message, args)));
      return;
    }
    if (message.startsWith(GAVE_UP)) {
      dropped.uploadGivenUp();
    }
    if (ANSWERED.equals(message) && args != null && args.length == 2) {
      String body = args[1] == null ? null : abbreviate(args[1].toString()); // a 5xx page can be any size
      if (args[0] instanceof Integer status && refused(status)) {
        dropped.uploadGivenUp(); // the agent does not retry it: the profile is lost
        warn("the profiling server refused a profile with HTTP " + status + "; it is dropped, not retried"
            + (body == null || body.isEmpty() ? "" : ": " + body));
        return;
      }
      args = new Object[] {args[0], body};
    }
    String text = args == null || args.length == 0 ? message : safeFormat(message, args);
    switch (level) {
      case ERROR, WARN -> warn(text); // an unreachable profiling server is not the application's error
      case INFO -> log.info(text);
      default -> log.debug(text);
    }
  }

  private void warn(String text) {
    if (warnings.tryWarn()) {
      log.warn(text);
    } else {
      log.debug(text);
    }
  }

  /** Statuses the agent does not retry (it retries 429 and 5xx, then gives up and says so). */
  static boolean refused(int status) {
    return status >= 400 && status != 429 && (status < 500 || status > 599);
  }

  void startFailed(Throwable failure) {
    startFailure = failure;
  }

  /** What the agent reported when the profiler failed to start, or null. */
  Throwable startFailure() {
    return startFailure;
  }

  private static String abbreviate(String body) {
    String line = body.strip().replaceAll("\\s+", " ");
    return line.length() <= 200 ? line : line.substring(0, 200) + "…";
  }

  private static String safeFormat(String message, Object... args) {
    try {
      return String.format(message, args);
    } catch (RuntimeException e) {
      return message;
    }
  }
}
