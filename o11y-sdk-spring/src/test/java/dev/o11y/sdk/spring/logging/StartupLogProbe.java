package dev.o11y.sdk.spring.logging;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;

/**
 * A Boot application with nothing in it, started in its own JVM by {@link BootJsonLoggingTest} so
 * logging starts from scratch: it logs each level from three loggers, an exception, and exits.
 */
@SpringBootConfiguration
public class StartupLogProbe {

  static final String[] LOGGERS = {"probe.quiet", "probe.loud", "probe.other"};

  public static void main(String[] args) {
    SpringApplication application = new SpringApplication(StartupLogProbe.class);
    application.setWebApplicationType(WebApplicationType.NONE);
    try (var context = application.run(args)) {
      for (String name : LOGGERS) {
        Logger log = LoggerFactory.getLogger(name);
        log.debug("debug");
        log.info("info");
        log.warn("warn");
      }
      LoggerFactory.getLogger("probe.failure").error("failed", new IllegalStateException("boom"));
    }
  }
}
