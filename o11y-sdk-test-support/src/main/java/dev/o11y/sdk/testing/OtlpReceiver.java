package dev.o11y.sdk.testing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * An in-JVM OTLP/HTTP collector on loopback, so tests exercise the real exporter (protobuf,
 * gzip, HTTP status handling) instead of an in-memory stand-in.
 *
 * <pre>{@code
 * try (OtlpReceiver receiver = OtlpReceiver.start()) {
 *   // point the SDK at receiver.endpoint(), run the code under test, then:
 *   ReceivedSpan span = receiver.awaitSpan("checkout", Duration.ofSeconds(10));
 * }
 * }</pre>
 *
 * <p>Serves {@code POST /v1/traces} (spans are kept), {@code /v1/metrics} and {@code /v1/logs}
 * (acknowledged and counted only). For reliability tests it can fail with a status ({@link
 * #respondWithStatus}), hang ({@link #blackHole}) or be gone altogether ({@link #refuseConnections})
 * until {@link #healthy()} is called.
 */
public final class OtlpReceiver implements AutoCloseable {

  /**
   * Each black-holed request pins a thread; requests beyond that wait in the queue unanswered,
   * which looks the same to an exporter, so a few threads are enough.
   */
  private static final int THREADS = 4;

  private final LoopbackHttpServer server;
  private final Inbox inbox;
  private final FaultSwitch faults = new FaultSwitch();
  private final AtomicBoolean closed = new AtomicBoolean();

  private OtlpReceiver() {
    this.server = new LoopbackHttpServer("otlp-receiver", THREADS);
    this.inbox = new Inbox(endpoint());
    server.serve("/", new OtlpHttpHandler(inbox, faults));
  }

  /** Binds 127.0.0.1 on a free port; never a fixed port, so parallel test runs cannot collide. */
  public static OtlpReceiver start() {
    return new OtlpReceiver();
  }

  /** Base URL such as {@code http://127.0.0.1:54321}; exporters append {@code /v1/traces}. */
  public String endpoint() {
    return "http://127.0.0.1:" + port();
  }

  public int port() {
    return server.port();
  }

  /** A snapshot of the spans received so far, in arrival order. */
  public List<ReceivedSpan> spans() {
    return inbox.spans();
  }

  /** Every HTTP request that reached the receiver, whatever its path or outcome (retries too). */
  public int requestCount() {
    return inbox.requestCount();
  }

  /** Forgets received spans and the request count; the fault mode is left as it is. */
  public void clear() {
    inbox.clear();
  }

  /**
   * Waits until the received spans satisfy {@code condition} and returns that snapshot.
   *
   * @throws AssertionError at the deadline, naming the spans that did arrive
   */
  public List<ReceivedSpan> awaitSpans(Predicate<List<ReceivedSpan>> condition, Duration timeout) {
    return inbox.awaitSpans(condition, timeout, "spans matching the condition");
  }

  /** Waits for at least {@code count} spans; see {@link #awaitSpans}. */
  public List<ReceivedSpan> awaitSpanCount(int count, Duration timeout) {
    return inbox.awaitSpans(spans -> spans.size() >= count, timeout, "at least " + count + " spans");
  }

  /** Waits for the first span called {@code name}; see {@link #awaitSpans}. */
  public ReceivedSpan awaitSpan(String name, Duration timeout) {
    return inbox.awaitSpans(spans -> spans.stream().anyMatch(span -> span.name().equals(name)),
            timeout, "a span named \"" + name + "\"")
        .stream().filter(span -> span.name().equals(name)).findFirst().orElseThrow();
  }

  /**
   * Waits until at least {@code count} requests arrived, answered or not: the way to know an
   * exporter is stuck on the black hole, or has retried after a failure status.
   */
  public int awaitRequestCount(int count, Duration timeout) {
    return inbox.awaitRequests(count, timeout);
  }

  /**
   * Answers every request with {@code status} (4xx or 5xx, e.g. 429, 500, 503) and a short text
   * body; spans in those requests are not stored, as a failing collector would not have them.
   */
  public void respondWithStatus(int status) {
    faults.failWith(status);
  }

  /** As {@link #respondWithStatus(int)}, each answer sent only after {@code delay}: a slow, failing collector. */
  public void respondWithStatus(int status, Duration delay) {
    faults.failWith(status, delay);
  }

  /**
   * While on, requests are read but never answered; turning it off answers later requests
   * normally, while the ones held meanwhile are dropped unanswered and their spans are lost.
   */
  public void blackHole(boolean on) {
    faults.blackHole(on);
  }

  /**
   * Stops listening, as when the collector process is gone: connections are refused until {@link
   * #healthy()} listens again on the same port.
   */
  public void refuseConnections() {
    server.refuseConnections();
  }

  /** Back to listening, answering 200 and storing spans. */
  public void healthy() {
    faults.heal();
    server.listen();
  }

  /** Stops at once, releasing black-holed requests so neither the test nor the exporter hangs. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      faults.close();
      server.close();
    }
  }

  @Override
  public String toString() {
    return "OtlpReceiver[" + endpoint() + "]";
  }
}
