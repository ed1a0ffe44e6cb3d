package dev.o11y.sdk.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.AbstractDataSource;

/**
 * A pool class the SDK cannot subclass safely (final, or with final methods that would run on a
 * subclass proxy's empty fields) is traced behind a {@code DataSource} wrapper instead, and reached
 * through {@code unwrap}.
 */
class UnproxyablePoolTest {

  private final ApplicationContextRunner context = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(O11yAutoConfiguration.class))
      .withPropertyValues("o11y.service-name=shop", "o11y.otlp-endpoint=none");

  /** A pool with a final method: on a subclass proxy it would read the proxy's own, unset field. */
  static class NamedPool extends AbstractDataSource {
    private final String name;

    NamedPool(String name) {
      this.name = name;
    }

    public final String name() {
      return name;
    }

    @Override
    public Connection getConnection() throws SQLException {
      throw new SQLException("no database here");
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      return getConnection();
    }
  }

  static final class FinalPool extends AbstractDataSource {
    public String name() {
      return "payments";
    }

    @Override
    public Connection getConnection() throws SQLException {
      throw new SQLException("no database here");
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      return getConnection();
    }
  }

  @Test
  void aPoolWithFinalMethodsIsWrappedAndItsMethodsStillSeeThePool() {
    context.withBean(NamedPool.class, () -> new NamedPool("orders")).run(app -> {
      assertThat(app).hasNotFailed();
      DataSource bean = app.getBean(DataSource.class);
      assertThat(bean.unwrap(NamedPool.class).name()).isEqualTo("orders");
    });
  }

  @Test
  void aFinalPoolClassIsWrapped() {
    context.withBean(FinalPool.class, FinalPool::new).run(app -> {
      assertThat(app).hasNotFailed();
      DataSource bean = app.getBean(DataSource.class);
      assertThat(bean).isNotInstanceOf(FinalPool.class);
      assertThat(bean.unwrap(FinalPool.class).name()).isEqualTo("payments");
    });
  }
}
