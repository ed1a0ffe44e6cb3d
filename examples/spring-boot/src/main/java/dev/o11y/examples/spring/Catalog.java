package dev.o11y.examples.spring;

import dev.o11y.sdk.Monitored;
import dev.o11y.sdk.Slo;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

@Service
public class Catalog {

  private static final Logger log = LoggerFactory.getLogger(Catalog.class);

  private final JdbcTemplate jdbc;

  public Catalog(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
    jdbc.execute("create table if not exists product (id bigint primary key, name text not null, price_kopecks bigint not null)");
    jdbc.update("insert into product values (1, 'Spinning rod 2.4 m', 459900), (2, 'Wobbler minnow 7 cm', 64900),"
        + " (3, 'Braided line 0.12 mm', 129900) on conflict do nothing");
  }

  /** Products whose name contains {@code text}, case-insensitive, cheapest first. */
  @Monitored(value = "catalog.search", slo = @Slo(successRate = 99.9, latency = "200ms"))
  public List<Map<String, Object>> search(String text) {
    log.info("searching products for '{}'", text);
    return jdbc.queryForList("select id, name, price_kopecks from product where name ilike ? order by price_kopecks limit 20",
        "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
  }

  @Monitored(value = "catalog.find", slo = @Slo(successRate = 99.9, latency = "100ms"))
  public Map<String, Object> find(long id) {
    log.info("looking up product {}", id);
    return jdbc.queryForList("select id, name, price_kopecks from product where id = ?", id).stream()
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException("no product " + id));
  }
}
