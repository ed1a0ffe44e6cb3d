package dev.o11y.sdk.spring;

import dev.o11y.sdk.O11y;
import dev.o11y.sdk.spring.jdbcapp.BootDataSourceApp;
import dev.o11y.sdk.testing.OtlpReceiver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link BootDataSourceApp}, exporting to a real OTLP receiver; test classes extend this to share
 * one context (and one embedded PostgreSQL).
 */
@SpringBootTest(classes = BootDataSourceApp.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
    properties = {"spring.application.name=parcels", "otel.bsp.schedule.delay=100"})
abstract class BootDataSourceAppTest {

  /** Kept for the cached context's lifetime, as in {@link ShopAppTest}. */
  static final OtlpReceiver receiver = OtlpReceiver.start();

  @DynamicPropertySource
  static void otlp(DynamicPropertyRegistry registry) {
    registry.add("o11y.otlp-endpoint", receiver::endpoint);
  }

  @Autowired
  O11y o11y;
}
