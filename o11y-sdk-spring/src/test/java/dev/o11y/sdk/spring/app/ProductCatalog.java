package dev.o11y.sdk.spring.app;

import dev.o11y.sdk.Monitored;
import dev.o11y.sdk.Slo;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.web.client.RestClient;

@Service
public class ProductCatalog {

  private static final Logger log = LoggerFactory.getLogger(ProductCatalog.class);

  private final JdbcTemplate jdbc;
  private final RestClient.Builder http;
  private final Environment environment;

  public ProductCatalog(JdbcTemplate jdbc, RestClient.Builder http, Environment environment) {
    this.jdbc = jdbc;
    this.http = http;
    this.environment = environment;
  }

  @Monitored(slo = @Slo(successRate = 99.9, latency = "300ms"))
  public Map<String, Object> find(long id) {
    log.info("loading product {}", id);
    String name = jdbc.queryForObject("select 'Spinning rod ' || ?::text", String.class, id);
    Integer stock = http.baseUrl("http://127.0.0.1:" + environment.getProperty("local.server.port")).build()
        .get().uri("/inventory/{id}", id).retrieve().body(Integer.class);
    log.info("product {} has {} in stock", id, stock);
    return Map.of("id", id, "name", name, "stock", stock);
  }

  /** Calls the monitored method through 'this': the startup report must name it. */
  public Map<String, Object> findTwice(long id) {
    find(id);
    return find(id);
  }
}
