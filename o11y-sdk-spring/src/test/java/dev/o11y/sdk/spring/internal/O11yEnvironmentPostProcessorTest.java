package dev.o11y.sdk.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o11y.sdk.O11yConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.core.io.DefaultResourceLoader;
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

  @Test
  void falseInAnyCaseKeepsBootsServerTimer() {
    assertThat(afterPostProcessing(WebApplicationType.SERVLET, Map.of("o11y.enabled", "FALSE"))
        .getProperty(BOOT_SERVER_TIMER)).isNull();
    assertThat(afterPostProcessing(WebApplicationType.SERVLET, Map.of("o11y.enabled", "True"))
        .getProperty(BOOT_SERVER_TIMER)).isEqualTo("false");
  }

  /** Spring's lenient conversion took these as true; Boot's condition on the auto-configuration did not. */
  @ParameterizedTest
  @ValueSource(strings = {"on", "1", "yes", "off", ""})
  void aValueOtherThanTrueOrFalseFailsNamingTheKeyAndTheValue(String value) {
    assertThatThrownBy(() -> afterPostProcessing(WebApplicationType.NONE, Map.of("o11y.enabled", value)))
        .isInstanceOf(O11yConfigurationException.class)
        .hasMessageContaining("o11y.enabled='" + value + "'");
  }

  /** A servlet app without Spring MVC (Jersey) gets no SDK filter, so Boot's timer is all it has. */
  @Test
  void bootsServerTimerStaysInAServletAppWithoutSpringMvc() {
    SpringApplication application = new SpringApplication();
    application.setResourceLoader(new DefaultResourceLoader(
        new FilteredClassLoader("org.springframework.web.servlet"))); // spring-webmvc absent
    assertThat(afterPostProcessing(WebApplicationType.SERVLET, Map.of(), application)
        .getProperty(BOOT_SERVER_TIMER)).isNull();
  }

  private static StandardEnvironment afterPostProcessing(WebApplicationType type, Map<String, Object> properties) {
    return afterPostProcessing(type, properties, new SpringApplication());
  }

  private static StandardEnvironment afterPostProcessing(WebApplicationType type, Map<String, Object> properties,
      SpringApplication application) {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new MapPropertySource("application", properties));
    application.setWebApplicationType(type);
    new O11yEnvironmentPostProcessor().postProcessEnvironment(environment, application);
    return environment;
  }
}
