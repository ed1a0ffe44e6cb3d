package dev.o11y.sdk.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o11y.sdk.spring.gateapp.CatchAllApplication;
import dev.o11y.sdk.spring.internal.ActuatorMappingGate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.actuate.endpoint.web.WebMvcEndpointHandlerMapping;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Application requests skip actuator's endpoint mapping, while actuator's own requests get exactly
 * what Boot gives them, ahead of an application that would answer every path.
 */
class ActuatorMappingGateTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  static HttpResponse<String> send(int port, String method, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .method(method, HttpRequest.BodyPublishers.noBody()).build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** The handler mappings the DispatcherServlet asks, in its order, once it has served a request. */
  static List<HandlerMapping> mappings(int port, DispatcherServlet dispatcher) throws Exception {
    send(port, "GET", "/items/1");
    return dispatcher.getHandlerMappings();
  }

  /** Boot's own order: every request is matched against actuator's endpoints first. */
  static void assertActuatorBeforeTheControllers(List<HandlerMapping> mappings) {
    assertThat(indexOf(mappings, WebMvcEndpointHandlerMapping.class))
        .isLessThan(indexOf(mappings, RequestMappingHandlerMapping.class));
  }

  /** Boot's mapping for {@code @ControllerEndpoint}s, which it creates even when there are none. */
  static final String CONTROLLER_ENDPOINTS =
      "org.springframework.boot.webmvc.actuate.endpoint.web.ControllerEndpointHandlerMapping";
  /** Boot's mapping for health groups' additional paths, which it creates even when there are none. */
  static final String HEALTH_GROUP_PATHS =
      "org.springframework.boot.webmvc.actuate.endpoint.web.AdditionalHealthEndpointPathsWebMvcHandlerMapping";

  /** Whether Boot's two mappings that it creates empty come after the application's controllers. */
  static void assertEmptyActuatorMappingsAfterTheControllers(List<HandlerMapping> mappings, boolean after) {
    int controllersAt = indexOf(mappings, RequestMappingHandlerMapping.class);
    for (String type : List.of(CONTROLLER_ENDPOINTS, HEALTH_GROUP_PATHS)) {
      assertThat(indexOf(mappings, type) > controllersAt).as(type + " after the controllers").isEqualTo(after);
    }
  }

  /** A mapping of {@code type} with something to map stays ahead of the catch-all and answers {@code path}. */
  static void assertKeepsBootsPlace(int port, DispatcherServlet dispatcher, String type, String path, String answer)
      throws Exception {
    List<HandlerMapping> mappings = mappings(port, dispatcher);

    assertThat(indexOf(mappings, type)).isLessThan(indexOf(mappings, RequestMappingHandlerMapping.class));
    assertThat(send(port, "GET", path).body()).contains(answer);
    assertThat(send(port, "GET", "/items/5").body()).isEqualTo("item 5");
  }

  static int indexOf(List<HandlerMapping> mappings, Class<?> type) {
    return indexOf(mappings, type.getName());
  }

  /** Where the mapping of exactly this class is (the controller endpoints' one extends the controllers'). */
  static int indexOf(List<HandlerMapping> mappings, String type) {
    for (int i = 0; i < mappings.size(); i++) {
      if (mappings.get(i).getClass().getName().equals(type)) {
        return i;
      }
    }
    throw new AssertionError("no " + type + " in " + mappings);
  }

  @Nested
  @SpringBootTest(classes = CatchAllApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
      properties = {"spring.application.name=gate-test", "o11y.otlp-endpoint=none"})
  class Default {
    @LocalServerPort int port;
    @Autowired DispatcherServlet dispatcher;
    @Autowired ActuatorMappingGate gate;

    @Test
    void applicationRequestsReachTheirControllersWithoutPassingActuatorsMapping() throws Exception {
      List<HandlerMapping> mappings = mappings(port, dispatcher);

      assertThat(gate.isActive()).isTrue();
      int gateAt = mappings.indexOf(gate);
      int controllersAt = indexOf(mappings, RequestMappingHandlerMapping.class);
      int actuatorAt = indexOf(mappings, WebMvcEndpointHandlerMapping.class);
      assertThat(gateAt).as("gate before the controllers, where actuator was").isLessThan(controllersAt);
      assertThat(actuatorAt).as("actuator's mapping after the controllers").isGreaterThan(controllersAt);
      assertEmptyActuatorMappingsAfterTheControllers(mappings, true);
      assertThat(send(port, "GET", "/items/7").body()).isEqualTo("item 7");
      assertThat(send(port, "GET", "/about/us").body()).isEqualTo("index");
    }

    @Test
    void actuatorStillAnswersItsPathsAheadOfAnApplicationCatchAll() throws Exception {
      HttpResponse<String> health = send(port, "GET", "/actuator/health");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("\"status\":\"UP\"");
      assertThat(send(port, "GET", "/actuator/prometheus").body()).contains("o11y_build_info");
      assertThat(send(port, "GET", "/actuator").body()).contains("\"_links\"", "/actuator/prometheus");
      // matched on the decoded path, as actuator's own patterns are
      assertThat(send(port, "GET", "/%61ctuator/health").body()).contains("\"status\":\"UP\"");
      assertThat(send(port, "GET", "/actuator/health;v=1").body()).contains("\"status\":\"UP\"");
      // actuator's own answer to a method it does not take, not the application's
      assertThat(send(port, "POST", "/actuator/prometheus").statusCode()).isEqualTo(405);
      // a path under the base path that no endpoint has still falls through to the application
      assertThat(send(port, "GET", "/actuator/nothing-here").body()).isEqualTo("index");
      assertThat(send(port, "GET", "/actuatorx").body()).isEqualTo("index");
    }
  }

  @Nested
  @SpringBootTest(classes = CatchAllApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
      properties = {"spring.application.name=gate-test", "o11y.otlp-endpoint=none", "management.endpoints.web.base-path=/"})
  class ActuatorAtTheRoot {
    @LocalServerPort int port;
    @Autowired DispatcherServlet dispatcher;
    @Autowired ActuatorMappingGate gate;

    @Test
    void keepsBootsOrderWhenActuatorsPathsShareNoPrefix() throws Exception {
      List<HandlerMapping> mappings = mappings(port, dispatcher);

      assertThat(gate.isActive()).isFalse();
      assertActuatorBeforeTheControllers(mappings);
      assertEmptyActuatorMappingsAfterTheControllers(mappings, true); // empty, they answer nothing anyway
      assertThat(send(port, "GET", "/health").body()).contains("\"status\":\"UP\"");
      assertThat(send(port, "GET", "/items/3").body()).isEqualTo("item 3");
    }
  }

  @Nested
  @SpringBootTest(classes = CatchAllApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
      properties = {"spring.application.name=gate-test", "o11y.otlp-endpoint=none", "o11y.actuator.mapping-gate=false"})
  class SwitchedOff {
    @LocalServerPort int port;
    @Autowired DispatcherServlet dispatcher;

    @Test
    void leavesBootsOrder() throws Exception {
      List<HandlerMapping> mappings = mappings(port, dispatcher);

      assertThat(mappings).noneMatch(ActuatorMappingGate.class::isInstance);
      assertActuatorBeforeTheControllers(mappings);
      assertEmptyActuatorMappingsAfterTheControllers(mappings, false);
      assertThat(send(port, "GET", "/actuator/health").body()).contains("\"status\":\"UP\"");
    }
  }

  @Nested
  @SpringBootTest(classes = CatchAllApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
      properties = {"spring.application.name=gate-test", "o11y.otlp-endpoint=none", "management.server.port=0"})
  class ActuatorOnAPortOfItsOwn {
    @LocalServerPort int port;
    @Autowired DispatcherServlet dispatcher;
    @Autowired ActuatorMappingGate gate;

    @Test
    void hasNothingToGateOnTheApplicationsPort() throws Exception {
      List<HandlerMapping> mappings = mappings(port, dispatcher);

      assertThat(gate.isActive()).isFalse();
      assertThat(mappings).noneMatch(WebMvcEndpointHandlerMapping.class::isInstance);
      assertThat(send(port, "GET", "/actuator/health").body()).isEqualTo("index");
    }
  }

  /** A deprecated, still supported {@code @ControllerEndpoint}: its mapping keeps Boot's place. */
  @SuppressWarnings("removal")
  @org.springframework.boot.actuate.endpoint.web.annotation.RestControllerEndpoint(id = "legacy")
  static class LegacyEndpoint {
    @GetMapping("/ping")
    String ping() {
      return "pong";
    }
  }

  @Nested
  @SpringBootTest(classes = {CatchAllApplication.class, LegacyEndpoint.class},
      webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
      properties = {"spring.application.name=gate-test", "o11y.otlp-endpoint=none",
          "management.endpoints.web.exposure.include=health,prometheus,legacy"})
  class WithAControllerEndpoint {
    @LocalServerPort int port;
    @Autowired DispatcherServlet dispatcher;

    @Test
    void keepsItsMappingAheadOfAnApplicationCatchAll() throws Exception {
      assertKeepsBootsPlace(port, dispatcher, CONTROLLER_ENDPOINTS, "/actuator/legacy/ping", "pong");
    }
  }

  @Nested
  @SpringBootTest(classes = CatchAllApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
      properties = {"spring.application.name=gate-test", "o11y.otlp-endpoint=none",
          "management.endpoint.health.group.live.include=ping",
          "management.endpoint.health.group.live.additional-path=server:/livez"})
  class WithAHealthGroupPath {
    @LocalServerPort int port;
    @Autowired DispatcherServlet dispatcher;

    @Test
    void keepsItsMappingAheadOfAnApplicationCatchAll() throws Exception {
      assertKeepsBootsPlace(port, dispatcher, HEALTH_GROUP_PATHS, "/livez", "\"status\":\"UP\"");
    }
  }
}
