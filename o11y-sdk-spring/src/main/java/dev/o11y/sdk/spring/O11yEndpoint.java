package dev.o11y.sdk.spring;

import dev.o11y.sdk.spring.internal.SelfCheck;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * {@code /actuator/o11y}: per signal, whether it is wired and working now (collector reachable,
 * last export result, MDC populated, exemplars on, JSON logs, profiler, Kafka wrappers). Answers
 * 503 while a wired signal is failing, so a probe can alert on it.
 */
@Endpoint(id = "o11y")
public class O11yEndpoint {

  private final SelfCheck selfCheck;

  public O11yEndpoint(SelfCheck selfCheck) {
    this.selfCheck = selfCheck;
  }

  @ReadOperation
  public WebEndpointResponse<Map<String, Object>> check() {
    Map<String, Object> result = selfCheck.run();
    int status = "UP".equals(result.get("status")) ? 200 : 503;
    return new WebEndpointResponse<>(result, status);
  }
}
