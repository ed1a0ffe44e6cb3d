package dev.o11y.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o11y.sdk.testing.CapturedLogs;
import org.junit.jupiter.api.Test;

class InterceptionReportTest {

  interface Orders {
    String find(long id);
  }

  static class OrdersImpl implements Orders {
    @Override
    @Monitored
    public String find(long id) {
      return audit(id);
    }

    @Monitored
    public String notOnTheInterface() {
      return "";
    }

    @Monitored
    private String audit(long id) {
      return "order-" + id;
    }

    @Monitored
    static void housekeeping() {}
  }

  @Test
  void unreachableMonitoredMethodsAreReportedOnceWithTheReason() {
    try (O11y o11y = O11y.builder().serviceName("x").otlpEndpoint("none").build();
        CapturedLogs logs = CapturedLogs.start()) {
      Orders first = o11y.instrument(Orders.class, new OrdersImpl());
      o11y.instrument(Orders.class, new OrdersImpl()); // a second proxy: no second report
      assertThat(first.find(7)).isEqualTo("order-7");

      assertThat(o11y.interceptionProblems()).extracting(InterceptionProblem::method).containsExactlyInAnyOrder(
          OrdersImpl.class.getName() + ".audit(long)",
          OrdersImpl.class.getName() + ".notOnTheInterface()",
          OrdersImpl.class.getName() + ".housekeeping()");
      assertThat(o11y.interceptionProblems()).extracting(InterceptionProblem::reason).anySatisfy(
          reason -> assertThat(reason).startsWith("private method"));
      long warnings = logs.json().stream()
          .filter(l -> l.get("logger_name").asString().equals("dev.o11y.sdk.StartupReport"))
          .count();
      assertThat(warnings).isEqualTo(3);
    }
  }

  interface Handler<T> {
    String handle(T item);
  }

  @Monitored
  static class OrderHandler implements Handler<String> {
    @Override
    public String handle(String order) {
      return "handled " + order;
    }

    @Override
    public String toString() {
      return "OrderHandler";
    }
  }

  /**
   * A generic interface's method implemented with a concrete type is reached through the compiler's
   * bridge method, and a class-level {@code @Monitored} does not mean {@code toString}: neither is
   * reported as unreachable (both were, telling the user to change code that was fine).
   */
  @Test
  void genericInterfaceMethodsAndObjectMethodsAreNotReportedAsUnreachable() {
    try (O11y o11y = O11y.builder().serviceName("x").otlpEndpoint("none").build()) {
      Handler<String> handler = o11y.instrument(Handler.class, new OrderHandler());
      assertThat(handler.handle("o-1")).isEqualTo("handled o-1");
      assertThat(o11y.interceptionProblems()).isEmpty();
      assertThat(o11y.scrape()).contains("operation=\"OrderHandler.handle\"");
    }
  }
}
