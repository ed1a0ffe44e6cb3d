package dev.o11y.sdk.spring.jdbcapp;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.annotation.EnableTransactionManagement;

/**
 * An application whose pool is Boot's own: {@code DataSourceAutoConfiguration} makes the
 * {@code HikariDataSource} bean (here from connection details pointing at an embedded PostgreSQL),
 * as in an application with {@code spring.datasource.url}. It declares
 * {@code @EnableTransactionManagement} itself, so the transaction advisor is registered before the
 * SDK's auto-configuration.
 */
@SpringBootApplication
@EnableTransactionManagement
public class BootDataSourceApp {

  @Bean(destroyMethod = "close")
  EmbeddedPostgres embeddedPostgres() throws IOException {
    return EmbeddedPostgres.builder().start();
  }

  @Bean
  JdbcConnectionDetails jdbcConnectionDetails(EmbeddedPostgres postgres) {
    return new JdbcConnectionDetails() {
      @Override
      public String getJdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
      }

      @Override
      public String getUsername() {
        return "postgres";
      }

      @Override
      public String getPassword() {
        return null;
      }
    };
  }
}
