package dev.o11y.sdk.internal.profiling;

import io.pyroscope.javaagent.api.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's log, sent to SLF4J (so it is JSON and masked like everything else) — and the only
 * place the agent says it gave up on an upload, which is how dropped profiles are counted.
 */
final class ProfilerLogger implements Logger {

  private static final org.slf4j.Logger log = LoggerFactory.getLogger("io.pyroscope");
  private static final String GAVE_UP = "Gave up uploading";

  private final DroppedProfiles dropped;

  ProfilerLogger(DroppedProfiles dropped) {
    this.dropped = dropped;
  }

  @Override
  public void log(Level level, String message, Object... args) {
    if (message != null && message.startsWith(GAVE_UP)) {
      dropped.uploadGivenUp();
    }
    String text = args == null || args.length == 0 ? message : safeFormat(message, args);
    switch (level) {
      case ERROR -> log.warn(text); // an unreachable profiling server is not the application's error
      case WARN -> log.warn(text);
      case INFO -> log.info(text);
      default -> log.debug(text);
    }
  }

  private static String safeFormat(String message, Object... args) {
    try {
      return String.format(message, args);
    } catch (RuntimeException e) {
      return message;
    }
  }
}
