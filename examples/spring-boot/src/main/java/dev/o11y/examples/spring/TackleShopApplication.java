package dev.o11y.examples.spring;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import javax.sql.DataSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The product service of the tackle shop. Nothing here mentions observability except
 * {@code @Monitored} on the catalog: the o11y-sdk-spring dependency does the rest.
 */
@SpringBootApplication
public class TackleShopApplication {

  public static void main(String[] args) {
    SpringApplication.run(TackleShopApplication.class, args);
  }

  /** An embedded PostgreSQL unless spring.datasource.url points at a real one. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(name = "spring.datasource.url", matchIfMissing = true, havingValue = "embedded")
  static class EmbeddedDatabase {
    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres() throws IOException {
      return EmbeddedPostgres.builder().start();
    }

    /** Pooled like any real service's: the embedded server's own DataSource opens a connection per query. */
    @Bean
    @ConditionalOnMissingBean(DataSource.class)
    DataSource dataSource(EmbeddedPostgres postgres) {
      return DataSourceBuilder.create().url(postgres.getJdbcUrl("postgres", "postgres")).username("postgres").build();
    }
  }
}
