package dev.o11y.sdk.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.o11y.sdk.spring.jdbcapp.PoolStatus;
import dev.o11y.sdk.testing.ReceivedSpan;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Boot's DataSource bean is a {@code HikariDataSource}; with the SDK traced it stays one, so code
 * injecting that type starts (the context would not otherwise) and its statements are still traced.
 */
class HikariDataSourceInjectionTest extends BootDataSourceAppTest {

  @Autowired
  PoolStatus status;

  @Autowired
  DataSource dataSource;

  @Test
  void aComponentInjectingHikariDataSourceStartsAndReachesThePoolsMxBean() throws Exception {
    assertThat(status.pool()).isSameAs(dataSource);
    new JdbcTemplate(status.pool()).queryForObject("select 1", Integer.class);
    assertThat(status.totalConnections()).isPositive();
    // the pool's own type, with checkouts still traced: not the bare pool behind it
    assertThat(dataSource.unwrap(HikariDataSource.class)).isSameAs(status.pool());
    assertThat(dataSource.isWrapperFor(HikariDataSource.class)).isTrue();
  }

  @Test
  void statementsThroughTheInjectedPoolInASampledTraceAreClientSpans() {
    Span parent = o11y.openTelemetry().getTracer("test").spanBuilder("check parcels").startSpan();
    try (Scope ignored = parent.makeCurrent()) {
      assertThat(new JdbcTemplate(status.pool()).queryForObject("select 40 + 2", Integer.class)).isEqualTo(42);
    } finally {
      parent.end();
    }
    assertThat(parent.getSpanContext().isSampled()).isTrue();
    String traceId = parent.getSpanContext().getTraceId();
    List<ReceivedSpan> trace = receiver.awaitSpans(spans -> spans.stream()
            .anyMatch(s -> s.traceId().equals(traceId) && s.kind() == ReceivedSpan.Kind.CLIENT), Duration.ofSeconds(30))
        .stream().filter(s -> s.traceId().equals(traceId)).toList();
    assertThat(trace).anySatisfy(jdbc -> {
      assertThat(jdbc.kind()).isEqualTo(ReceivedSpan.Kind.CLIENT);
      assertThat(jdbc.attributes()).containsEntry("db.system", "postgresql");
      assertThat(jdbc.parentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
    });
  }
}
