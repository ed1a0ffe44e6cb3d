package dev.o11y.sdk.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o11y.sdk.Monitored;
import dev.o11y.sdk.spring.internal.MonitoredAdvisor;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.interceptor.TransactionInterceptor;

/** {@code o11y.monitored.advisor-order} moves the {@code @Monitored} advice among the others. */
class MonitoredAdvisorOrderPropertyTest {

  private final ApplicationContextRunner context = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(O11yAutoConfiguration.class))
      .withUserConfiguration(Transactions.class)
      .withPropertyValues("o11y.service-name=shop", "o11y.otlp-endpoint=none");

  /** A transaction advisor ordered a step above the lowest precedence, as retry libraries order theirs. */
  @Configuration(proxyBeanMethods = false)
  @EnableTransactionManagement(order = Ordered.LOWEST_PRECEDENCE - 1)
  static class Transactions {
    @Bean
    Ledger ledger() {
      return new Ledger();
    }
  }

  static class Ledger {
    @Transactional
    @Monitored
    public void post() {
    }
  }

  @Test
  void byDefaultTheMonitoredAdviceIsOutsideAdviceNearTheLowestPrecedence() {
    context.run(app -> assertThat(chain(app)).satisfiesExactly(
        first -> assertThat(first).isInstanceOf(MonitoredAdvisor.class),
        second -> assertThat(second.getAdvice()).isInstanceOf(TransactionInterceptor.class)));
  }

  @Test
  void anOrderAfterTheTransactionsPutsTheMonitoredAdviceInsideIt() {
    context.withPropertyValues("o11y.monitored.advisor-order=" + Ordered.LOWEST_PRECEDENCE)
        .run(app -> assertThat(chain(app)).satisfiesExactly(
            first -> assertThat(first.getAdvice()).isInstanceOf(TransactionInterceptor.class),
            second -> assertThat(second).isInstanceOf(MonitoredAdvisor.class)));
  }

  @Test
  void aValueThatIsNotAnOrderFailsStartupNamingTheProperty() {
    context.withPropertyValues("o11y.monitored.advisor-order=outermost").run(app ->
        assertThat(app).hasFailed().getFailure().hasStackTraceContaining("o11y.monitored.advisor-order"));
  }

  /** The proxied bean's advisors, outermost first. */
  private static List<Advisor> chain(AssertableApplicationContext app) {
    assertThat(app).hasNotFailed();
    return Arrays.asList(((Advised) app.getBean(Ledger.class)).getAdvisors());
  }
}
