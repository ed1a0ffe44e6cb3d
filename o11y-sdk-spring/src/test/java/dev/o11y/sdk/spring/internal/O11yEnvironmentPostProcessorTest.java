package dev.o11y.sdk.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class O11yEnvironmentPostProcessorTest {

  private static final String BOOT_SERVER_TIMER = "management.observations.enable.http.server.requests";

  @Test
  void bootsServerTimerIsOffInServletAppsWhereOurFilterTimesRequests() {
    assertThat(afterPostProcessing(WebApplicationType.SERVLET, Map.of()).getProperty(BOOT_SERVER_TIMER))
        .isEqualTo("false");
  }

  @Test
  void anApplicationThatAsksForBootsServerTimerKeepsIt() {
    assertThat(afterPostProcessing(WebApplicationType.SERVLET, Map.of(BOOT_SERVER_TIMER, "true"))
        .getProperty(BOOT_SERVER_TIMER)).isEqualTo("true");
  }

  @Test
  void bootsServerTimerStaysWhereOurFilterDoesNotRun() {
    assertThat(afterPostProcessing(WebApplicationType.REACTIVE, Map.of()).getProperty(BOOT_SERVER_TIMER)).isNull();
    assertThat(afterPostProcessing(WebApplicationType.SERVLET, Map.of("o11y.enabled", "false"))
        .getProperty(BOOT_SERVER_TIMER)).isNull();
  }

  private static StandardEnvironment afterPostProcessing(WebApplicationType type, Map<String, Object> properties) {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new MapPropertySource("application", properties));
    SpringApplication application = new SpringApplication();
    application.setWebApplicationType(type);
    new O11yEnvironmentPostProcessor().postProcessEnvironment(environment, application);
    return environment;
  }
}
