package dev.o11y.sdk.spring.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.webmvc.actuate.endpoint.web.WebMvcEndpointHandlerMapping;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Lets application requests skip actuator's endpoint mapping, which the SDK brings with
 * {@code /actuator/prometheus}.
 *
 * <p>Boot orders that mapping at −100, ahead of the application's controllers, so every
 * application request was first matched against each endpoint and then matched again for a partial
 * match (for a 405 or 406) before reaching its controller: 2–3 % of a light request's CPU. This gate
 * takes actuator's place in the order and hands it only the requests under its base path, matched
 * with the mapping's own pattern parser; actuator's mapping moves to the end of the order. Requests
 * under the base path see what they saw before (the same handler, interceptors, CORS and errors),
 * and actuator still wins over an application catch-all such as {@code /**}.
 *
 * <p>The move happens as actuator's mapping is initialised, before anything can sort the handler
 * mappings, so the DispatcherServlet, MockMvc and {@code HandlerMappingIntrospector} all see one
 * order. The gate opens for everything, and nothing is moved, unless every path the mapping
 * registered lies under one literal prefix: with {@code management.endpoints.web.base-path=/} there
 * is none, and with actuator on a port of its own the mapping is not in this context.
 *
 * <p>Boot puts two more mappings at −100 and creates them when they have nothing to map: one for
 * {@code @ControllerEndpoint}s and one for health groups' additional paths ({@code /livez}). Empty,
 * they answer no request, yet every application request paid for asking each (a read lock, a lookup,
 * a no-match pass): an empty one simply moves to the end of the order. One with something to map
 * keeps Boot's place.
 */
public final class ActuatorMappingGate implements HandlerMapping, Ordered, BeanPostProcessor {

  /** Where Boot orders actuator's mapping; the mapping's own order replaces it once seen. */
  private static final int ACTUATOR_ORDER = -100;
  /**
   * Actuator's mappings that Boot creates empty, by name: the first is deprecated for removal, and a
   * later Boot without it must still load this class.
   */
  private static final Set<String> CREATED_EMPTY = Set.of(
      "org.springframework.boot.webmvc.actuate.endpoint.web.ControllerEndpointHandlerMapping",
      "org.springframework.boot.webmvc.actuate.endpoint.web.AdditionalHealthEndpointPathsWebMvcHandlerMapping");

  private volatile PathPattern basePath;
  private volatile int order = ACTUATOR_ORDER;
  private volatile WebMvcEndpointHandlerMapping delegate;

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof WebMvcEndpointHandlerMapping mapping && delegate == null) {
      gate(mapping);
    } else if (bean instanceof RequestMappingInfoHandlerMapping mapping
        && CREATED_EMPTY.contains(mapping.getClass().getName()) && mapping.getHandlerMethods().isEmpty()) {
      mapping.setOrder(Ordered.LOWEST_PRECEDENCE);
    }
    return bean;
  }

  private void gate(WebMvcEndpointHandlerMapping mapping) {
    PathPatternParser parser = mapping.getPatternParser();
    String prefix = parser == null ? "" : commonLiteralPrefix(patternsOf(mapping));
    if (prefix.isEmpty()) {
      return;
    }
    this.basePath = parser.parse(prefix + "/**");
    this.order = mapping.getOrder();
    this.delegate = mapping;
    mapping.setOrder(Ordered.LOWEST_PRECEDENCE);
  }

  @Override
  public HandlerExecutionChain getHandler(HttpServletRequest request) throws Exception {
    WebMvcEndpointHandlerMapping mapping = delegate;
    if (mapping == null) {
      return null;
    }
    // without a parsed path we cannot tell what the mapping would match: it decides, as before
    if (ServletRequestPathUtils.hasParsedRequestPath(request)
        && !basePath.matches(ServletRequestPathUtils.getParsedRequestPath(request).pathWithinApplication())) {
      return null;
    }
    return mapping.getHandler(request);
  }

  @Override
  public boolean usesPathPatterns() {
    return true;
  }

  @Override
  public int getOrder() {
    return order;
  }

  /** Whether actuator's requests now go through this gate (false leaves Boot's order untouched). */
  public boolean isActive() {
    return delegate != null;
  }

  private static List<String> patternsOf(WebMvcEndpointHandlerMapping mapping) {
    List<String> patterns = new ArrayList<>();
    for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
      patterns.addAll(info.getPatternValues());
    }
    return patterns;
  }

  /**
   * The leading path segments every pattern shares, as long as they are literal: "/actuator" for
   * "/actuator", "/actuator/health/**" and "/actuator/prometheus"; "" when a pattern is "/" or
   * the patterns part at their first segment, or there are none.
   */
  static String commonLiteralPrefix(Collection<String> patterns) {
    List<String> common = null;
    for (String pattern : patterns) {
      List<String> segments = Arrays.asList(pattern.split("/", -1));
      if (segments.size() < 2 || !segments.get(0).isEmpty()) {
        return "";
      }
      segments = segments.subList(1, segments.size());
      if (common == null) {
        common = new ArrayList<>(segments);
      }
      int shared = 0;
      while (shared < common.size() && shared < segments.size() && common.get(shared).equals(segments.get(shared))
          && isLiteral(common.get(shared))) {
        shared++;
      }
      common = common.subList(0, shared);
    }
    return common == null || common.isEmpty() ? "" : "/" + String.join("/", common);
  }

  private static boolean isLiteral(String segment) {
    if (segment.isEmpty()) {
      return false;
    }
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '{' || c == '}' || c == '*' || c == '?' || c == '\\' || c == ';') {
        return false;
      }
    }
    return true;
  }
}
