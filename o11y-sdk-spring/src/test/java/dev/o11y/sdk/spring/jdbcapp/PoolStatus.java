package dev.o11y.sdk.spring.jdbcapp;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.stereotype.Component;

/** Application code that needs the pool's own type, e.g. for its MXBean. */
@Component
public class PoolStatus {

  private final HikariDataSource pool;

  public PoolStatus(HikariDataSource pool) {
    this.pool = pool;
  }

  public HikariDataSource pool() {
    return pool;
  }

  public int totalConnections() {
    return pool.getHikariPoolMXBean().getTotalConnections();
  }
}
