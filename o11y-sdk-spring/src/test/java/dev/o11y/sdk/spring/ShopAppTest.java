package dev.o11y.sdk.spring;

import dev.o11y.sdk.O11y;
import dev.o11y.sdk.spring.app.ShopTestApplication;
import dev.o11y.sdk.testing.OtlpReceiver;
import java.net.http.HttpResponse;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The shop on a real Tomcat on 127.0.0.1, exporting to a real OTLP receiver. Test classes extend
 * this so they share one application context (and one embedded Postgres) through Spring's context
 * cache.
 */
@SpringBootTest(classes = ShopTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    // otel.bsp.schedule.delay: spans reach the receiver within 100 ms instead of OpenTelemetry's 5 s
    properties = {"spring.application.name=shop", "o11y.environment=test", "otel.bsp.schedule.delay=100"})
abstract class ShopAppTest {

  /**
   * One receiver for the cached context's lifetime: closing it after one class would leave the
   * next class's (shared) exporter pointing at a dead port. Its threads are daemons.
   */
  static final OtlpReceiver receiver = OtlpReceiver.start();

  @DynamicPropertySource
  static void otlp(DynamicPropertyRegistry registry) {
    registry.add("o11y.otlp-endpoint", receiver::endpoint);
  }

  @LocalServerPort
  int port;

  @Autowired
  O11y o11y;

  /** The trace id of the {@code traceparent} the SDK echoed in a response. */
  static String traceIdOf(HttpResponse<?> response) {
    return response.headers().firstValue("traceparent").orElseThrow().split("-")[1];
  }
}
