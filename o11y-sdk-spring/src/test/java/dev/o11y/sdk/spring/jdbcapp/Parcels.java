package dev.o11y.sdk.spring.jdbcapp;

import dev.o11y.sdk.Monitored;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A transactional, monitored service whose table checks its unique constraint only at commit. */
@Service
public class Parcels {

  private final JdbcTemplate jdbc;

  public Parcels(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
    jdbc.execute("create table if not exists parcel (label text,"
        + " constraint parcel_label_unique unique (label) deferrable initially deferred)");
  }

  /** Both inserts succeed inside the method; the transaction fails at commit when {@code twice}. */
  @Transactional
  @Monitored
  public void register(String label, boolean twice) {
    jdbc.update("insert into parcel (label) values (?)", label);
    if (twice) {
      jdbc.update("insert into parcel (label) values (?)", label);
    }
  }
}
