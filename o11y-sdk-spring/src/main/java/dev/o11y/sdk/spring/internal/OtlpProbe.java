package dev.o11y.sdk.spring.internal;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Asks the collector whether it accepts spans right now: an empty export request (zero bytes is a
 * valid empty protobuf message, {@code {}} an empty JSON one) answered 2xx means reachable, without
 * creating any span. Over gRPC, which Java's HTTP client cannot speak, only whether the collector's
 * port accepts a connection.
 */
final class OtlpProbe {

  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  record Result(boolean reachable, String detail) {}

  /** {@code tracesUrl} as the exporter posts to it; {@code protocol} {@code http/protobuf}, {@code http/json} or {@code grpc}. */
  Result probe(String tracesUrl, String protocol) {
    if ("grpc".equals(protocol)) {
      return connect(URI.create(tracesUrl));
    }
    boolean json = "http/json".equals(protocol);
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create(tracesUrl))
          .timeout(TIMEOUT)
          .header("Content-Type", json ? "application/json" : "application/x-protobuf")
          .POST(json ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody())
          .build();
      int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status == 401 || status == 403) {
        // the collector answers; the probe just carries none of the exporter's credentials (headers)
        return new Result(true, "HTTP " + status + " to the probe, which sends no credentials; see lastExportSucceeded");
      }
      return new Result(status / 100 == 2, "HTTP " + status);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(false, "interrupted");
    } catch (Exception e) {
      return new Result(false, e.getClass().getSimpleName());
    }
  }

  private static Result connect(URI collector) {
    int port = UriPort.of(collector); // OpenTelemetry takes only http(s) endpoints, gRPC ones too
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(collector.getHost(), port), (int) TIMEOUT.toMillis());
      return new Result(true, "accepts connections (a gRPC collector is not asked more)");
    } catch (Exception e) {
      return new Result(false, e.getClass().getSimpleName());
    }
  }
}
