package dev.o11y.sdk.spring.app;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * A small shop: products (JDBC), inventory (called over HTTP through RestClient), failures, async
 * handlers, a scheduled job.
 */
@SpringBootApplication
@EnableAsync
@EnableScheduling
public class ShopTestApplication {

  @Bean(destroyMethod = "close")
  EmbeddedPostgres embeddedPostgres() throws IOException {
    return EmbeddedPostgres.builder().start();
  }

  /** A Hikari pool in front of the database, as in any Boot application. */
  @Bean
  DataSource dataSource(EmbeddedPostgres postgres) {
    HikariDataSource pool = new HikariDataSource();
    pool.setDataSource(postgres.getPostgresDatabase());
    pool.setPoolName("shop");
    return pool;
  }
}
