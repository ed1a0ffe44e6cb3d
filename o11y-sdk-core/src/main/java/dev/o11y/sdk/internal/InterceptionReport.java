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
    if (problems.putIfAbsent(method, new InterceptionProblem(method, reason)) == null) {
      log.warn("@Monitored on {} is never intercepted: {}", method, reason);
    }
  }

  /** Some calls to {@code method} are not intercepted (a self-invocation); the others are. */
  public void addMissedCalls(String method, String reason) {
    if (problems.putIfAbsent(method, new InterceptionProblem(method, reason)) == null) {
      log.warn("@Monitored on {} misses some calls: {}", method, reason);
    }
  }

  public List<InterceptionProblem> problems() {
    List<InterceptionProblem> list = new ArrayList<>(problems.values());
    list.sort((a, b) -> a.method().compareTo(b.method()));
    return List.copyOf(list);
  }
}
