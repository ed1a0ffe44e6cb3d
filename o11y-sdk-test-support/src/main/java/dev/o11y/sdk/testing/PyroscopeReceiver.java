package dev.o11y.sdk.testing;

import com.google.protobuf.CodedInputStream;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * A local stand-in for a Pyroscope server's {@code POST /ingest}: takes what the real pyroscope-java
 * agent uploads (multipart {@code jfr} + {@code labels}), and decodes it — JFR execution samples via
 * the JDK's own JFR parser, their {@code contextId} resolved through the labels snapshot.
 *
 * <p>Like {@link OtlpReceiver} it can fail with a status, hang (black hole) or refuse connections
 * until {@link #healthy()}.
 */
public final class PyroscopeReceiver implements AutoCloseable {

  /** One CPU sample: the thread, its dynamic labels, and its stack as {@code Class.method} frames. */
  public record ProfileSample(String thread, Map<String, String> labels, List<String> frames) {
    public boolean inMethod(String method) {
      return frames.stream().anyMatch(f -> f.endsWith("." + method));
    }
  }

  /**
   * One stored upload. {@code name} is the {@code name} query parameter: {@code app{static labels}};
   * {@code from} and {@code until} (epoch seconds) bound the profiled interval, so gaps between
   * uploads show profiles that never arrived.
   */
  public record Upload(String name, long from, long until, List<ProfileSample> samples) {}

  /** Black-holed uploads each pin a thread; a few suffice since the agent uploads one at a time. */
  private static final int THREADS = 4;

  private final LoopbackHttpServer server = new LoopbackHttpServer("pyroscope-receiver", THREADS);
  private final FaultSwitch faults = new FaultSwitch();
  private final List<Upload> uploads = new ArrayList<>();
  private final List<String> authorizations = new ArrayList<>();
  private String requiredAuthorization; // null: anyone may upload
  private int attempts;

  private PyroscopeReceiver() {
    server.serve("/ingest", this::handle);
  }

  public static PyroscopeReceiver start() {
    return new PyroscopeReceiver();
  }

  public String url() {
    return "http://127.0.0.1:" + server.port();
  }

  /** Answers every upload with this status (4xx/5xx, e.g. 503 or 429) and keeps nothing. */
  public void respondWithStatus(int status) {
    faults.failWith(status);
  }

  /**
   * As {@link #respondWithStatus(int)}, each answer sent only after {@code delay} (or at {@link
   * #close()}): a slow, failing server with an upload in flight as long as the test needs.
   */
  public void respondWithStatus(int status, Duration delay) {
    faults.failWith(status, delay);
  }

  /** Reads uploads but never answers them; see {@link OtlpReceiver#blackHole}. */
  public void blackHole() {
    faults.blackHole(true);
  }

  /** Stops listening: the agent's connections are refused until {@link #healthy()}. */
  public void refuseConnections() {
    server.refuseConnections();
  }

  /** Back to listening, answering 200 and storing uploads. */
  public void healthy() {
    faults.heal();
    server.listen();
  }

  /**
   * Answers 401 to every upload whose {@code Authorization} header is not HTTP basic auth with this
   * user and password, as a Pyroscope behind an authenticating proxy (or Grafana Cloud) does.
   */
  public synchronized void requireBasicAuth(String user, String password) {
    requiredAuthorization = basicAuth(user, password);
  }

  /** The {@code Authorization} header value HTTP basic auth sends for this user and password. */
  public static String basicAuth(String user, String password) {
    return "Basic " + java.util.Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The {@code Authorization} header of every upload request that reached the receiver, in order,
   * {@code ""} where there was none.
   */
  public synchronized List<String> authorizations() {
    return List.copyOf(authorizations);
  }

  /** Every upload request that reached the receiver, stored or failed (retries too). */
  public synchronized int attempts() {
    return attempts;
  }

  public synchronized List<Upload> uploads() {
    return List.copyOf(uploads);
  }

  public synchronized List<ProfileSample> samples() {
    return uploads.stream().flatMap(u -> u.samples().stream()).toList();
  }

  /** Waits (bounded) until the decoded samples satisfy the condition. */
  public synchronized List<ProfileSample> awaitSamples(Predicate<List<ProfileSample>> condition, Duration timeout) {
    await(() -> condition.test(samples()), timeout);
    return samples();
  }

  /** Waits (bounded) until the stored uploads satisfy the condition. */
  public synchronized List<Upload> awaitUploads(Predicate<List<Upload>> condition, Duration timeout) {
    await(() -> condition.test(List.copyOf(uploads)), timeout);
    return List.copyOf(uploads);
  }

  /** Waits (bounded) until at least {@code count} upload requests arrived, answered or not. */
  public synchronized int awaitAttempts(int count, Duration timeout) {
    await(() -> attempts >= count, timeout);
    return attempts;
  }

  private synchronized void await(BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("Pyroscope receiver: condition not met within " + timeout + "; "
            + attempts + " attempts, " + uploads.size() + " uploads, " + samples().size() + " samples");
      }
      try {
        java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      boolean authorized;
      synchronized (this) {
        attempts++;
        authorizations.add(authorization == null ? "" : authorization);
        authorized = requiredAuthorization == null || requiredAuthorization.equals(authorization);
        notifyAll();
      }
      if (!authorized) {
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      if (faults.holdIfBlackHoled()) {
        return; // closing an unanswered exchange drops the connection, as a hung server's would
      }
      int failureStatus = faults.failureStatus();
      if (failureStatus != 0) {
        exchange.sendResponseHeaders(failureStatus, -1);
        return;
      }
      Map<String, byte[]> parts = Multipart.parse(body, exchange.getRequestHeaders().getFirst("Content-Type"));
      Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      String name = query.getOrDefault("name", "");
      Map<Long, Map<String, String>> contexts = parts.containsKey("labels")
          ? labels(gunzip(parts.get("labels"))) : Map.of();
      List<ProfileSample> samples = parts.containsKey("jfr") ? samples(gunzip(parts.get("jfr")), contexts) : List.of();
      synchronized (this) {
        uploads.add(new Upload(name, Long.parseLong(query.getOrDefault("from", "0")),
            Long.parseLong(query.getOrDefault("until", "0")), samples));
        notifyAll();
      }
      exchange.sendResponseHeaders(200, -1);
    } catch (RuntimeException e) {
      exchange.sendResponseHeaders(400, -1);
    }
  }

  private static List<ProfileSample> samples(byte[] jfr, Map<Long, Map<String, String>> contexts) throws IOException {
    Path file = Files.createTempFile("pyroscope-upload", ".jfr");
    try {
      Files.write(file, jfr);
      List<ProfileSample> samples = new ArrayList<>();
      for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
        if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
          continue;
        }
        long contextId = event.hasField("contextId") ? event.getLong("contextId") : 0;
        List<String> frames = new ArrayList<>();
        for (RecordedFrame frame : event.getStackTrace().getFrames()) {
          if (frame.getMethod() != null) {
            frames.add(frame.getMethod().getType().getName() + "." + frame.getMethod().getName());
          }
        }
        String thread = event.getThread("sampledThread") == null ? "" : event.getThread("sampledThread").getJavaName();
        samples.add(new ProfileSample(thread, contexts.getOrDefault(contextId, Map.of()), frames));
      }
      return samples;
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** pyroscope's LabelsSnapshot: contexts (id → label-name-id → label-value-id) and a string table. */
  static Map<Long, Map<String, String>> labels(byte[] snapshot) throws IOException {
    Map<Long, Map<Long, Long>> raw = new HashMap<>();
    Map<Long, String> strings = new HashMap<>();
    CodedInputStream in = CodedInputStream.newInstance(snapshot);
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      CodedInputStream entry = in.readBytes().newCodedInput();
      long key = 0;
      byte[] value = null;
      String text = null;
      for (int t = entry.readTag(); t != 0; t = entry.readTag()) {
        switch (t >>> 3) {
          case 1 -> key = entry.readInt64();
          case 2 -> {
            if ((tag >>> 3) == 2) {
              text = entry.readString();
            } else {
              value = entry.readBytes().toByteArray();
            }
          }
          default -> entry.skipField(t);
        }
      }
      if ((tag >>> 3) == 1) {
        raw.put(key, contextLabels(value == null ? new byte[0] : value));
      } else if ((tag >>> 3) == 2) {
        strings.put(key, text);
      }
    }
    Map<Long, Map<String, String>> contexts = new HashMap<>();
    raw.forEach((id, pairs) -> {
      Map<String, String> resolved = new LinkedHashMap<>();
      pairs.forEach((k, v) -> resolved.put(strings.get(k), strings.get(v)));
      contexts.put(id, resolved);
    });
    return contexts;
  }

  private static Map<Long, Long> contextLabels(byte[] context) throws IOException {
    Map<Long, Long> pairs = new LinkedHashMap<>();
    CodedInputStream in = CodedInputStream.newInstance(context);
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      CodedInputStream entry = in.readBytes().newCodedInput();
      long key = 0;
      long value = 0;
      for (int t = entry.readTag(); t != 0; t = entry.readTag()) {
        if ((t >>> 3) == 1) {
          key = entry.readInt64();
        } else if ((t >>> 3) == 2) {
          value = entry.readInt64();
        } else {
          entry.skipField(t);
        }
      }
      pairs.put(key, value);
    }
    return pairs;
  }

  private static byte[] gunzip(byte[] data) throws IOException {
    if (data.length > 1 && (data[0] & 0xff) == 0x1f && (data[1] & 0xff) == 0x8b) {
      return new GZIPInputStream(new ByteArrayInputStream(data)).readAllBytes();
    }
    return data;
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> params = new HashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return params;
  }

  /** Stops at once, releasing black-holed uploads so neither the test nor the agent hangs. */
  @Override
  public void close() {
    faults.close();
    server.close();
  }

  /** Just enough multipart/form-data to split the agent's two named parts. */
  static final class Multipart {
    static Map<String, byte[]> parse(byte[] body, String contentType) {
      String boundary = contentType.substring(contentType.indexOf("boundary=") + "boundary=".length()).trim();
      String text = new String(body, StandardCharsets.ISO_8859_1);
      Map<String, byte[]> parts = new HashMap<>();
      for (String part : text.split("--" + java.util.regex.Pattern.quote(boundary))) {
        int headerEnd = part.indexOf("\r\n\r\n");
        int nameAt = part.indexOf("name=\"");
        if (headerEnd < 0 || nameAt < 0 || nameAt > headerEnd) {
          continue;
        }
        String name = part.substring(nameAt + 6, part.indexOf('"', nameAt + 6));
        String data = part.substring(headerEnd + 4, part.endsWith("\r\n") ? part.length() - 2 : part.length());
        parts.put(name, data.getBytes(StandardCharsets.ISO_8859_1));
      }
      return parts;
    }
  }
}
