package dev.o11y.sdk.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * An in-JVM OTLP/HTTP collector: the SDK's real exporter sends protobuf over loopback and tests
 * assert on what arrived. Can also fail (status codes) or hang (black hole) on demand.
 */
public final class OtlpReceiver implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor;
  private final List<ReceivedSpan> spans = new ArrayList<>();
  private int requests;
  private volatile int failureStatus;
  private volatile CountDownLatch blackHole;

  private OtlpReceiver(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  public static OtlpReceiver start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "otlp-receiver");
        thread.setDaemon(true);
        return thread;
      });
      OtlpReceiver receiver = new OtlpReceiver(server, executor);
      server.createContext("/", receiver::handle);
      server.setExecutor(executor);
      server.start();
      return receiver;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Base URL; exporters append {@code /v1/traces}. */
  public String endpoint() {
    return "http://127.0.0.1:" + port();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public synchronized List<ReceivedSpan> spans() {
    return List.copyOf(spans);
  }

  public synchronized int requestCount() {
    return requests;
  }

  public synchronized void clear() {
    spans.clear();
  }

  /** Answer every request with this status and store nothing (e.g. 500, 429). */
  public void respondWithStatus(int status) {
    failureStatus = status;
  }

  /** Read requests but never answer them until {@link #healthy()} or {@link #close()}. */
  public void blackHole(boolean on) {
    if (on) {
      blackHole = new CountDownLatch(1);
    } else {
      releaseBlackHole();
    }
  }

  public void healthy() {
    failureStatus = 0;
    releaseBlackHole();
  }

  public synchronized List<ReceivedSpan> awaitSpans(Predicate<List<ReceivedSpan>> condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.test(spans)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("OTLP receiver: condition not met within " + timeout + "; received "
            + spans.size() + " spans: " + spans.stream().map(ReceivedSpan::name).toList());
      }
      try {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for spans", e);
      }
    }
    return List.copyOf(spans);
  }

  public List<ReceivedSpan> awaitSpanCount(int count, Duration timeout) {
    return awaitSpans(s -> s.size() >= count, timeout);
  }

  public ReceivedSpan awaitSpan(String name, Duration timeout) {
    return awaitSpans(s -> s.stream().anyMatch(span -> span.name().equals(name)), timeout).stream()
        .filter(span -> span.name().equals(name)).findFirst().orElseThrow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = readBody(exchange);
      synchronized (this) {
        requests++;
        notifyAll();
      }
      CountDownLatch hole = blackHole;
      if (hole != null) {
        awaitQuietly(hole);
      }
      if (failureStatus != 0) {
        respond(exchange, failureStatus, "failing on purpose".getBytes());
        return;
      }
      String path = exchange.getRequestURI().getPath();
      if (!"POST".equals(exchange.getRequestMethod())) {
        respond(exchange, 405, new byte[0]);
      } else if (path.equals("/v1/traces")) {
        ExportTraceServiceRequest request;
        try {
          request = ExportTraceServiceRequest.parseFrom(body);
        } catch (IOException undecodable) {
          respond(exchange, 400, undecodable.getMessage().getBytes());
          return;
        }
        List<ReceivedSpan> decoded = OtlpDecoder.decode(request);
        synchronized (this) {
          spans.addAll(decoded);
          notifyAll();
        }
        respond(exchange, 200, ExportTraceServiceResponse.getDefaultInstance().toByteArray());
      } else if (path.equals("/v1/metrics") || path.equals("/v1/logs")) {
        respond(exchange, 200, new byte[0]);
      } else {
        respond(exchange, 404, new byte[0]);
      }
    }
  }

  private static byte[] readBody(HttpExchange exchange) throws IOException {
    InputStream in = exchange.getRequestBody();
    if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
      in = new GZIPInputStream(in);
    }
    return in.readAllBytes();
  }

  private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void releaseBlackHole() {
    CountDownLatch hole = blackHole;
    blackHole = null;
    if (hole != null) {
      hole.countDown();
    }
  }

  @Override
  public void close() {
    releaseBlackHole();
    server.stop(0);
    executor.shutdownNow();
  }
}
