package dev.o11y.sdk.testing;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP server on 127.0.0.1 that can stop listening and come back on the same port: a test takes
 * an endpoint down the way a crashed backend is down (connections refused) and brings it back
 * without the SDK under test having to be reconfigured.
 */
final class LoopbackHttpServer implements AutoCloseable {

  private final ExecutorService executor;
  private final Map<String, HttpHandler> contexts = new LinkedHashMap<>();
  private final int port;
  private HttpServer server; // null while refusing connections
  private boolean closed;

  /**
   * Binds a free port (never a fixed one, so parallel test runs cannot collide).
   *
   * @param threads handler threads; a black-holed request pins one, later ones queue unanswered
   */
  LoopbackHttpServer(String name, int threads) {
    AtomicInteger count = new AtomicInteger();
    this.executor = Executors.newFixedThreadPool(threads, task -> {
      Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
      thread.setDaemon(true); // a test that forgets close() must not keep the JVM alive
      return thread;
    });
    this.server = bind(0);
    this.port = server.getAddress().getPort();
  }

  int port() {
    return port;
  }

  /** Serves {@code path} with {@code handler}, now and after every {@link #listen()}. */
  synchronized void serve(String path, HttpHandler handler) {
    contexts.put(path, handler);
    if (server != null) {
      server.createContext(path, handler);
    }
  }

  /** Closes the listening socket and every open connection: clients now get "connection refused". */
  synchronized void refuseConnections() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
  }

  /** Listens again on the same port; a no-op while already listening. */
  synchronized void listen() {
    if (server == null && !closed) {
      server = bind(port);
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    refuseConnections();
    executor.shutdownNow();
  }

  private HttpServer bind(int onPort) {
    try {
      HttpServer created = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 0);
      contexts.forEach(created::createContext);
      created.setExecutor(executor);
      created.start();
      return created;
    } catch (IOException e) {
      throw new UncheckedIOException("could not bind 127.0.0.1:" + onPort, e);
    }
  }
}
