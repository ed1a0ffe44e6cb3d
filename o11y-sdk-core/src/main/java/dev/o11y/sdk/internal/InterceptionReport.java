package dev.o11y.sdk.internal;

import dev.o11y.sdk.InterceptionProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects {@code @Monitored} methods that can never be intercepted (private, static, not on the
 * proxied interface, self-invoked, not a bean...) and logs each exactly once.
 */
public final class InterceptionReport {

  private static final Logger log = LoggerFactory.getLogger("dev.o11y.sdk.StartupReport");

  private final Map<String, InterceptionProblem> problems = new ConcurrentHashMap<>();

  /** No call to {@code method} can be intercepted. */
  public void add(String method, String reason) {
    add(method, reason, "is never intercepted");
  }

  /** Some calls to {@code method} are not intercepted (a self-invocation); the others are. */
  public void addMissedCalls(String method, String reason) {
    add(method, reason, "misses some calls");
  }

  /** Reported once per method: the first problem found is the one logged and kept. */
  private void add(String method, String reason, String what) {
    if (problems.putIfAbsent(method, new InterceptionProblem(method, reason)) == null) {
      log.warn("@Monitored on {} {}: {}", method, what, reason);
    }
  }

  public List<InterceptionProblem> problems() {
    List<InterceptionProblem> list = new ArrayList<>(problems.values());
    list.sort((a, b) -> a.method().compareTo(b.method()));
    return List.copyOf(list);
  }
}
