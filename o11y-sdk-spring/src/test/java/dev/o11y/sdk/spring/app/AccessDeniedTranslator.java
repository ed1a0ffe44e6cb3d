package dev.o11y.sdk.spring.app;

import jakarta.servlet.Filter;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

/**
 * Spring Security's {@code ExceptionTranslationFilter} in miniature, at Spring Security's filter
 * order: an {@link AccessDeniedException} coming out of the servlet, the cause of its {@code
 * ServletException}, becomes a 403.
 */
@Component
public class AccessDeniedTranslator extends FilterRegistrationBean<Filter> {

  public AccessDeniedTranslator() {
    setFilter((request, response, chain) -> {
      try {
        chain.doFilter(request, response);
      } catch (ServletException e) {
        if (!(e.getCause() instanceof AccessDeniedException)) {
          throw e;
        }
        ((HttpServletResponse) response).sendError(403, "Access Denied");
      }
    });
    setOrder(-100); // SecurityProperties.DEFAULT_FILTER_ORDER
  }
}
