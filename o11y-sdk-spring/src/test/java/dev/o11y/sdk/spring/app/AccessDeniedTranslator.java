package dev.o11y.sdk.spring.app;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.security.web.access.ExceptionTranslationFilter;
import org.springframework.stereotype.Component;

/**
 * Spring Security's own {@link ExceptionTranslationFilter}, alone (no authentication set up), at
 * Spring Security's filter order: an {@code AccessDeniedException} reaching it becomes a 403, an
 * {@code AuthenticationException} starts authentication, here a 401.
 */
@Component
public class AccessDeniedTranslator extends FilterRegistrationBean<Filter> {

  public AccessDeniedTranslator() {
    ExceptionTranslationFilter filter = new ExceptionTranslationFilter(
        (request, response, failure) -> response.sendError(HttpServletResponse.SC_UNAUTHORIZED));
    setFilter(filter);
    setOrder(-100); // SecurityProperties.DEFAULT_FILTER_ORDER
  }
}
