package dev.o11y.sdk.kafka.internal;

/**
 * The consumer group of the wrapped consumer that last polled on this thread, so {@code
 * forEachRecord(records, handler)} can label metrics without being told: a Kafka consumer is
 * single-threaded and records are usually processed on the polling thread.
 */
public final class PolledGroup {

  private static final ThreadLocal<String> GROUP = new ThreadLocal<>();

  private PolledGroup() {}

  static void set(String group) {
    GROUP.set(group);
  }

  /** Null when no wrapped consumer polled here or it has no group. */
  public static String current() {
    return GROUP.get();
  }
}
