package dev.o11y.sdk.spring.otelapp;

import dev.o11y.sdk.Monitored;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A Boot application with one monitored bean and no database, in a package of its own so the
 * startup scan sees only this bean. Its {@code application-otel-*.properties} profiles hold the
 * {@code otel.*} settings under test.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(excludeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
public class OtelPropertiesApp {

  @Bean
  Greeter greeter() {
    return new Greeter();
  }

  public static class Greeter {
    @Monitored
    public String greet(String name) {
      return "hello " + name;
    }
  }
}
