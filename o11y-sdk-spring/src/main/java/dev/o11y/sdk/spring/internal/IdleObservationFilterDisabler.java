package dev.o11y.sdk.spring.internal;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.env.Environment;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Keeps Boot's {@code ServerHttpObservationFilter} out of the filter chain while its observation is
 * switched off ({@code management.observations.enable.http.server.requests=false}, the SDK's
 * default, since the SDK's own filter records the HTTP span and histogram): switched off, it still
 * built an observation context and set request attributes on every request, for a no-op observation.
 * Only that exact key counts; with it set to true, both filters run as before.
 */
public final class IdleObservationFilterDisabler implements BeanPostProcessor {

  static final String BOOT_SERVER_OBSERVATION = "management.observations.enable.http.server.requests";

  private final Environment environment;

  public IdleObservationFilterDisabler(Environment environment) {
    this.environment = environment;
  }

  @Override
  public Object postProcessBeforeInitialization(Object bean, String beanName) {
    if (bean instanceof FilterRegistrationBean<?> registration
        && registration.getFilter() instanceof ServerHttpObservationFilter
        && !environment.getProperty(BOOT_SERVER_OBSERVATION, Boolean.class, true)) {
      registration.setEnabled(false);
    }
    return bean;
  }
}
