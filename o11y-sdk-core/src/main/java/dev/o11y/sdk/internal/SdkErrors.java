package dev.o11y.sdk.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the SDK's own bookkeeping fails. The user's code must keep running, so a failure is
 * swallowed, counted, and logged once per place: a broken exporter must not flood the log it feeds.
 */
public final class SdkErrors {

  private static final Logger log = LoggerFactory.getLogger("dev.o11y.sdk");

  private final Set<String> reported = ConcurrentHashMap.newKeySet();
  private final LongAdder count = new LongAdder();

  public void report(String where, Throwable error) {
    count.increment();
    try {
      if (reported.add(where)) {
        log.warn("o11y-sdk internal error in {} (the application call went on; logged once)", where, error);
      }
    } catch (Throwable ignored) {
      // logging itself is broken: nothing sensible left to do, and the caller must not see it
    }
  }

  public long count() {
    return count.sum();
  }
}
