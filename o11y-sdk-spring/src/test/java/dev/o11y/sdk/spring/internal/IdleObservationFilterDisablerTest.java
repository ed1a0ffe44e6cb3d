package dev.o11y.sdk.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.web.filter.ServerHttpObservationFilter;

class IdleObservationFilterDisablerTest {

  @Test
  void bootsFilterStaysWhenItsObservationIsOnOrNotConfigured() {
    assertThat(registrationAfter(new MockEnvironment().withProperty(
        IdleObservationFilterDisabler.BOOT_SERVER_OBSERVATION, "true")).isEnabled()).isTrue();
    assertThat(registrationAfter(new MockEnvironment()).isEnabled()).isTrue();
  }

  @Test
  void bootsFilterLeavesTheChainWhenItsObservationIsOff() {
    assertThat(registrationAfter(new MockEnvironment().withProperty(
        IdleObservationFilterDisabler.BOOT_SERVER_OBSERVATION, "false")).isEnabled()).isFalse();
  }

  private static FilterRegistrationBean<?> registrationAfter(MockEnvironment environment) {
    FilterRegistrationBean<ServerHttpObservationFilter> registration =
        new FilterRegistrationBean<>(new ServerHttpObservationFilter(ObservationRegistry.NOOP));
    new IdleObservationFilterDisabler(environment).postProcessBeforeInitialization(registration, "webMvcObservationFilter");
    return registration;
  }
}
