package dev.o11y.sdk.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.web.EndpointLinksResolver;
import org.springframework.boot.actuate.endpoint.web.EndpointMapping;
import org.springframework.boot.actuate.endpoint.web.EndpointMediaTypes;
import org.springframework.boot.webmvc.actuate.endpoint.web.WebMvcEndpointHandlerMapping;
import org.springframework.core.Ordered;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.util.ServletRequestPathUtils;

/** Which requests the gate hands to actuator's mapping, and the prefix it derives from the mapping's paths. */
class ActuatorMappingGatePathTest {

  /** Actuator's mapping with only its links page, "/actuator", counting the lookups it is asked for. */
  static final class CountingEndpointMapping extends WebMvcEndpointHandlerMapping {
    final AtomicInteger lookups = new AtomicInteger();

    CountingEndpointMapping() {
      super(new EndpointMapping("/actuator"), List.of(), EndpointMediaTypes.DEFAULT, null,
          new EndpointLinksResolver(List.of()), true);
      afterPropertiesSet();
    }

    @Override
    protected HandlerMethod getHandlerInternal(HttpServletRequest request) throws Exception {
      lookups.incrementAndGet();
      return super.getHandlerInternal(request);
    }
  }

  static ActuatorMappingGate gateOver(WebMvcEndpointHandlerMapping mapping) {
    ActuatorMappingGate gate = new ActuatorMappingGate();
    gate.postProcessAfterInitialization(mapping, "webEndpointServletHandlerMapping");
    return gate;
  }

  static MockHttpServletRequest parsed(String path) {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
    ServletRequestPathUtils.parseAndCache(request);
    return request;
  }

  @Test
  void onlyRequestsUnderTheBasePathReachActuatorsMapping() throws Exception {
    CountingEndpointMapping mapping = new CountingEndpointMapping();
    ActuatorMappingGate gate = gateOver(mapping);

    assertThat(gate.isActive()).isTrue();
    assertThat(gate.getOrder()).isEqualTo(-100);
    assertThat(mapping.getOrder()).isEqualTo(Ordered.LOWEST_PRECEDENCE);
    assertThat(gate.getHandler(parsed("/products/2"))).isNull();
    assertThat(gate.getHandler(parsed("/actuatorx"))).isNull();
    assertThat(mapping.lookups).hasValue(0);

    assertThat(gate.getHandler(parsed("/actuator"))).isNotNull();
    assertThat(gate.getHandler(parsed("/actuator/none"))).isNull();
    assertThat(mapping.lookups).hasValue(2);
  }

  @Test
  void aRequestWithoutAParsedPathIsLeftToActuatorsMapping() throws Exception {
    CountingEndpointMapping mapping = new CountingEndpointMapping();
    ActuatorMappingGate gate = gateOver(mapping);

    gate.getHandler(new MockHttpServletRequest("GET", "/products/2"));
    assertThat(mapping.lookups).hasValue(1);
  }

  @Test
  void theLiteralSegmentsEveryPatternShares() {
    assertThat(ActuatorMappingGate.commonLiteralPrefix(
        List.of("/actuator", "/actuator/health", "/actuator/health/**", "/actuator/prometheus"))).isEqualTo("/actuator");
    assertThat(ActuatorMappingGate.commonLiteralPrefix(List.of("/manage/ops/health", "/manage/ops/prometheus")))
        .isEqualTo("/manage/ops");
    assertThat(ActuatorMappingGate.commonLiteralPrefix(List.of("/actuator/prometheus"))).isEqualTo("/actuator/prometheus");
  }

  @Test
  void noPrefixWhenAPatternCouldMatchOutsideIt() {
    assertThat(ActuatorMappingGate.commonLiteralPrefix(List.of("/health", "/prometheus"))).isEmpty();
    assertThat(ActuatorMappingGate.commonLiteralPrefix(List.of("/", "/health"))).isEmpty();
    assertThat(ActuatorMappingGate.commonLiteralPrefix(List.of("/actuator", "/actuatorx"))).isEmpty();
    assertThat(ActuatorMappingGate.commonLiteralPrefix(List.of("/{base}/health", "/{base}/prometheus"))).isEmpty();
    assertThat(ActuatorMappingGate.commonLiteralPrefix(List.of("/**"))).isEmpty();
    assertThat(ActuatorMappingGate.commonLiteralPrefix(List.of("/act*/health"))).isEmpty();
    assertThat(ActuatorMappingGate.commonLiteralPrefix(List.of("relative/health"))).isEmpty();
    assertThat(ActuatorMappingGate.commonLiteralPrefix(List.of())).isEmpty();
  }

  @Test
  void stopsAtTheFirstSegmentThatIsNotLiteral() {
    assertThat(ActuatorMappingGate.commonLiteralPrefix(List.of("/actuator/{name}", "/actuator/{name}/x"))).isEqualTo("/actuator");
    assertThat(ActuatorMappingGate.commonLiteralPrefix(List.of("/actuator/"))).isEqualTo("/actuator");
  }
}
