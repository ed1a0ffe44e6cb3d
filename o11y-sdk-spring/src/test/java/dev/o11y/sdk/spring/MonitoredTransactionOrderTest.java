package dev.o11y.sdk.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o11y.sdk.spring.internal.MonitoredAdvisor;
import dev.o11y.sdk.spring.jdbcapp.Parcels;
import dev.o11y.sdk.testing.PrometheusScrape;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.interceptor.TransactionInterceptor;

/**
 * A {@code @Transactional @Monitored} method is measured around its transaction, commit included,
 * even when the application's own {@code @EnableTransactionManagement} registers the transaction
 * advisor first.
 */
class MonitoredTransactionOrderTest extends BootDataSourceAppTest {

  private static final String DURATIONS = "o11y_operation_duration_seconds_count";

  @Autowired
  Parcels parcels;

  @Test
  void theMonitoredAdviceWrapsTheTransaction() {
    List<Advisor> chain = Arrays.asList(((Advised) parcels).getAdvisors());
    int monitored = indexOf(chain, a -> a instanceof MonitoredAdvisor);
    int transaction = indexOf(chain, a -> a.getAdvice() instanceof TransactionInterceptor);
    assertThat(monitored).as("advisors: %s", chain).isNotNegative().isLessThan(transaction);
  }

  @Test
  void aTransactionFailingAtCommitCountsAsAnError() {
    double errorsBefore = count("error");
    double okBefore = count("ok");

    parcels.register("parcel-a", false);
    // both inserts succeed in the method; the deferred unique constraint fails the commit
    assertThatThrownBy(() -> parcels.register("parcel-b", true)).hasStackTraceContaining("parcel_label_unique");

    assertThat(count("ok")).isEqualTo(okBefore + 1);
    assertThat(count("error")).isEqualTo(errorsBefore + 1);
  }

  private double count(String result) {
    PrometheusScrape scrape = PrometheusScrape.parse(o11y.scrape());
    Map<String, String> series = Map.of("operation", "Parcels.register", "result", result);
    return scrape.samples(DURATIONS, series).isEmpty() ? 0 : scrape.value(DURATIONS, series);
  }

  private static int indexOf(List<Advisor> chain, Predicate<Advisor> which) {
    for (int i = 0; i < chain.size(); i++) {
      if (which.test(chain.get(i))) {
        return i;
      }
    }
    return -1;
  }
}
