package dev.o11y.sdk.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/** Serves OTLP/HTTP protobuf exports the way a collector does, unless a fault is switched on. */
final class OtlpHttpHandler implements HttpHandler {

  private static final String PROTOBUF = "application/x-protobuf";

  private final Inbox inbox;
  private final FaultSwitch faults;

  OtlpHttpHandler(Inbox inbox, FaultSwitch faults) {
    this.inbox = inbox;
    this.faults = faults;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      // Drain the body before any fault: like a stuck collector, the black hole lets the exporter
      // finish writing and only its wait for the response times out.
      byte[] body = exchange.getRequestBody().readAllBytes();
      inbox.countRequest();
      if (faults.holdIfBlackHoled()) {
        return; // closing an unanswered exchange drops the connection
      }
      int failureStatus = faults.failureStatus();
      if (failureStatus != 0) {
        respond(exchange, failureStatus, "text/plain",
            text("o11y test receiver is failing on purpose with " + failureStatus));
        return;
      }
      try {
        OtlpSignal signal = route(exchange);
        inbox.store(decode(signal, decompress(exchange, body)));
        respond(exchange, 200, PROTOBUF, signal.successResponse());
      } catch (Rejection rejection) {
        respond(exchange, rejection.status, "text/plain", text(rejection.getMessage()));
      }
    }
  }

  private static OtlpSignal route(HttpExchange exchange) throws Rejection {
    String path = exchange.getRequestURI().getPath();
    OtlpSignal signal = OtlpSignal.forPath(path).orElseThrow(() -> new Rejection(404,
        "no OTLP endpoint at " + path + "; try /v1/traces, /v1/metrics or /v1/logs"));
    if (!"POST".equals(exchange.getRequestMethod())) {
      exchange.getResponseHeaders().set("Allow", "POST");
      throw new Rejection(405, "OTLP exports are POSTed, not " + exchange.getRequestMethod());
    }
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    if (!PROTOBUF.equals(mediaType(contentType))) {
      throw new Rejection(415, "this receiver speaks " + PROTOBUF + " only, not " + contentType);
    }
    return signal;
  }

  /** The decoded export body; garbage, whether in gzip or protobuf, is the client's fault: 400. */
  private static List<ReceivedSpan> decode(OtlpSignal signal, byte[] body) throws Rejection {
    try {
      return signal.decode(body);
    } catch (IOException | IllegalArgumentException e) {
      throw new Rejection(400, "undecodable " + signal + " export: " + e.getMessage());
    }
  }

  private static byte[] decompress(HttpExchange exchange, byte[] body) throws Rejection {
    String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
    if (encoding == null || encoding.equalsIgnoreCase("identity")) {
      return body;
    }
    if (!encoding.equalsIgnoreCase("gzip")) {
      throw new Rejection(415, "unsupported Content-Encoding " + encoding);
    }
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new Rejection(400, "body is not valid gzip: " + e.getMessage());
    }
  }

  /** {@code application/x-protobuf; charset=...} is still protobuf, so parameters are ignored. */
  private static String mediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int parameters = contentType.indexOf(';');
    String type = parameters < 0 ? contentType : contentType.substring(0, parameters);
    return type.trim().toLowerCase(Locale.ROOT);
  }

  private static byte[] text(String message) {
    return message.getBytes(StandardCharsets.UTF_8);
  }

  private static void respond(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    // -1 announces "no body" (Content-Length: 0); 0 would mean chunked.
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** A request the receiver refuses, with the status and reason a collector would send. */
  private static final class Rejection extends Exception {
    private final int status;

    Rejection(int status, String message) {
      super(message, null, false, false); // control flow, not a failure: no stack trace needed
      this.status = status;
    }
  }
}
