package dev.o11y.sdk.spring.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A keep-alive HTTP/1.1 connection that sends header bytes exactly as given: control characters,
 * raw non-ASCII bytes and oversized values that {@link java.net.http.HttpClient} refuses to send,
 * so the server sees what a hostile client sends. Reconnects after the server closes.
 */
public final class RawHttpConnection implements AutoCloseable {

  /** A response; header names are case-insensitive, the body is decoded as UTF-8. */
  public record Response(int status, Map<String, String> headers, String body) {
    public String header(String name) {
      return headers.get(name);
    }
  }

  private final String host;
  private final int port;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  public RawHttpConnection(String host, int port) {
    this.host = host;
    this.port = port;
  }

  /**
   * Sends {@code GET path} with {@code headers} (each a complete {@code Name: value} line without
   * CRLF) and reads the response.
   *
   * @throws IOException when the server drops the connection instead of answering
   */
  public Response get(String path, byte[]... headers) throws IOException {
    ensureOpen();
    ByteArrayOutputStream request = new ByteArrayOutputStream(256);
    request.writeBytes(("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n")
        .getBytes(StandardCharsets.ISO_8859_1));
    for (byte[] header : headers) {
      request.writeBytes(header);
      request.writeBytes(CRLF);
    }
    request.writeBytes(CRLF);
    try {
      out.write(request.toByteArray());
      out.flush();
      Response response = read();
      if ("close".equalsIgnoreCase(response.header("Connection"))) {
        close();
      }
      return response;
    } catch (IOException e) {
      close();
      throw e;
    }
  }

  private Response read() throws IOException {
    String statusLine = line();
    int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (String header = line(); !header.isEmpty(); header = line()) {
      int colon = header.indexOf(':');
      headers.merge(header.substring(0, colon).trim(), header.substring(colon + 1).trim(), (a, b) -> a + ", " + b);
    }
    byte[] body;
    if ("chunked".equals(headers.getOrDefault("Transfer-Encoding", "").toLowerCase(Locale.ROOT))) {
      body = chunked();
    } else if (headers.containsKey("Content-Length")) {
      body = in.readNBytes(Integer.parseInt(headers.get("Content-Length")));
    } else {
      body = in.readAllBytes(); // no length: the body ends when the server closes
      headers.put("Connection", "close");
    }
    return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  private byte[] chunked() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (int size = chunkSize(); size > 0; size = chunkSize()) {
      body.writeBytes(in.readNBytes(size));
      line();
    }
    for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
      // trailers are not used by these tests
    }
    return body.toByteArray();
  }

  private int chunkSize() throws IOException {
    String size = line();
    int extension = size.indexOf(';');
    return Integer.parseInt((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
  }

  private String line() throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("connection closed mid-response after: " + line);
      }
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }

  private void ensureOpen() throws IOException {
    if (socket == null) {
      socket = new Socket(host, port);
      socket.setSoTimeout(30_000); // a hung server fails the test instead of hanging it
      socket.setTcpNoDelay(true);
      in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
      out = socket.getOutputStream();
    }
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // already broken; a new socket is opened on the next request
      }
      socket = null;
    }
  }

  private static final byte[] CRLF = {'\r', '\n'};
}
