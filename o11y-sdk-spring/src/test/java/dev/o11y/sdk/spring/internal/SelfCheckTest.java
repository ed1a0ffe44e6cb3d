package dev.o11y.sdk.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.o11y.sdk.O11y;
import dev.o11y.sdk.internal.SdkInternals;
import dev.o11y.sdk.spring.O11yEndpoint;
import dev.o11y.sdk.testing.OtlpReceiver;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The probe is a plain HTTP client without the exporter's TLS, proxy or header settings: when it
 * cannot reach the collector while exports succeed, the check believes the exports.
 */
class SelfCheckTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void aProbeThatCannotConnectIsOverruledByExportsThatSucceed() {
    try (OtlpReceiver collector = OtlpReceiver.start();
        O11y o11y = O11y.builder().serviceName("self-check").otlpEndpoint(collector.endpoint())
            .otelProperties(Map.of("otel.bsp.schedule.delay", "50")).build()) {
      collector.refuseConnections();
      assertThat(check(new SelfCheck(o11y, noExemplars())).getStatus())
          .as("nothing exported yet proves nothing").isEqualTo(503);

      collector.healthy();
      span(o11y, "delivered");
      await().atMost(WAIT).until(() -> SdkInternals.exportGate(o11y).exported() > 0);
      collector.refuseConnections();
      SelfCheck selfCheck = new SelfCheck(o11y, noExemplars());
      WebEndpointResponse<Map<String, Object>> up = check(selfCheck);
      assertThat(up.getStatus()).as("%s", up.getBody()).isEqualTo(200);
      assertThat(traces(up)).containsEntry("ok", true).containsEntry("exporterReachable", false);
      assertThat((String) traces(up).get("detail")).contains("could not reach the collector (ConnectException)")
          .contains("exports succeed");

      span(o11y, "lost");
      await().atMost(WAIT).until(() -> check(selfCheck).getStatus() == 503);
      assertThat(traces(check(selfCheck))).containsEntry("ok", false).containsEntry("lastExportSucceeded", false);
    }
  }

  /** Over gRPC the probe can only connect: a collector that is not there is DOWN before any export fails. */
  @Test
  void aGrpcCollectorThatIsNotListeningIsDownBeforeAnythingWasExported() throws Exception {
    int port;
    try (ServerSocket listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      port = listening.getLocalPort();
      try (O11y o11y = grpcTo(port)) {
        WebEndpointResponse<Map<String, Object>> up = check(new SelfCheck(o11y, noExemplars()));
        assertThat(up.getStatus()).as("%s", up.getBody()).isEqualTo(200);
        assertThat(traces(up)).containsEntry("protocol", "grpc").containsEntry("exporterReachable", true);
      }
    }
    try (O11y o11y = grpcTo(port)) {
      WebEndpointResponse<Map<String, Object>> down = check(new SelfCheck(o11y, noExemplars()));
      assertThat(down.getStatus()).as("%s", down.getBody()).isEqualTo(503);
      assertThat(traces(down)).containsEntry("ok", false).containsEntry("exporterReachable", false)
          .containsEntry("detail", "ConnectException");
    }
  }

  private static O11y grpcTo(int port) {
    // OTEL_EXPORTER_OTLP_PROTOCOL=grpc and its endpoint, as an operator sets them
    return O11y.builder().serviceName("self-check").otelProperties(Map.of("otel.exporter.otlp.protocol", "grpc",
        "otel.exporter.otlp.endpoint", "http://127.0.0.1:" + port)).build();
  }

  private static WebEndpointResponse<Map<String, Object>> check(SelfCheck selfCheck) {
    return new O11yEndpoint(selfCheck).check();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> traces(WebEndpointResponse<Map<String, Object>> response) {
    return (Map<String, Object>) response.getBody().get("traces");
  }

  private static void span(O11y o11y, String name) {
    o11y.openTelemetry().getTracer("self-check-test").spanBuilder(name).startSpan().end();
  }

  private static org.springframework.beans.factory.ObjectProvider<io.prometheus.metrics.tracer.common.SpanContext>
      noExemplars() {
    return new DefaultListableBeanFactory().getBeanProvider(io.prometheus.metrics.tracer.common.SpanContext.class);
  }
}
