package dev.o11y.sdk.spring.app;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/** A rewrite filter ahead of the SDK's: {@code /moved/x} is forwarded to {@code /x} before the SDK sees it. */
@Component
public class MovedPathsForwarder extends FilterRegistrationBean<Filter> {

  static final String PREFIX = "/moved";

  public MovedPathsForwarder() {
    setFilter((request, response, chain) -> {
      String path = ((HttpServletRequest) request).getRequestURI();
      if (path.startsWith(PREFIX + "/")) {
        request.getRequestDispatcher(path.substring(PREFIX.length())).forward(request, response);
      } else {
        chain.doFilter(request, response);
      }
    });
    setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
  }
}
