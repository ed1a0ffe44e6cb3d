package dev.o11y.sdk.spring.logging;

import dev.o11y.sdk.O11y;
import dev.o11y.sdk.spring.O11yAutoConfiguration;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * A Boot application with the SDK's auto-configuration and nothing else, started in its own JVM by
 * {@link BootJsonLoggingTest}: it logs what the SDK made of its settings and exits.
 */
@SpringBootConfiguration
@ImportAutoConfiguration(O11yAutoConfiguration.class)
public class O11yAppProbe {

  public static void main(String[] args) {
    SpringApplication application = new SpringApplication(O11yAppProbe.class);
    application.setWebApplicationType(WebApplicationType.NONE);
    try (var context = application.run(args)) {
      O11y o11y = context.getBean(O11y.class);
      LoggerFactory.getLogger("probe.o11y").info("service={} endpoint={} traces={}", o11y.serviceName(),
          o11y.otlpEndpoint(), o11y.otlpTracesUrl());
    }
  }
}
