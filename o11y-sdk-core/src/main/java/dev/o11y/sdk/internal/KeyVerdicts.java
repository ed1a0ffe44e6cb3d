package dev.o11y.sdk.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A yes/no about a field or attribute name, decided once: the same names come back on every log
 * line and span. At most {@code capacity} names are remembered, so a flood of distinct names costs
 * the decision each time, never memory.
 */
final class KeyVerdicts {

  private final Map<String, Boolean> verdicts = new ConcurrentHashMap<>();
  private final int capacity;
  private final Predicate<String> decision;

  KeyVerdicts(int capacity, Predicate<String> decision) {
    this.capacity = capacity;
    this.decision = decision;
  }

  boolean test(String key) {
    Boolean cached = verdicts.get(key);
    if (cached != null) {
      return cached;
    }
    boolean verdict = decision.test(key);
    if (verdicts.size() < capacity) {
      verdicts.put(key, verdict);
    }
    return verdict;
  }
}
