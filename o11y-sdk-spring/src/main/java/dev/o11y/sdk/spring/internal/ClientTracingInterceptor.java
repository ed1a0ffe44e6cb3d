package dev.o11y.sdk.spring.internal;

import dev.o11y.sdk.O11y;
import dev.o11y.sdk.internal.Invocation;
import dev.o11y.sdk.internal.SdkInternals;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import java.io.IOException;
import java.net.URI;
import java.util.function.Supplier;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/** A CLIENT span per outgoing RestClient/RestTemplate call, with {@code traceparent} injected. */
public final class ClientTracingInterceptor implements ClientHttpRequestInterceptor {

  private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  private static final AttributeKey<String> URL = AttributeKey.stringKey("url.full");
  private static final AttributeKey<String> HOST = AttributeKey.stringKey("server.address");
  private static final AttributeKey<Long> PORT = AttributeKey.longKey("server.port");
  private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  private final Supplier<O11y> o11y;

  public ClientTracingInterceptor(O11y o11y) {
    this(() -> o11y);
  }

  /** For a client made before the SDK: {@code o11y} is asked on each call. */
  public ClientTracingInterceptor(Supplier<O11y> o11y) {
    this.o11y = o11y;
  }

  @Override
  public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
      throws IOException {
    String original = request.getMethod().name();
    String method = HttpServerMetrics.method(original);
    O11y sdk = o11y.get();
    Invocation invocation = SdkInternals.instrumenter(sdk)
        .start(HttpServerMetrics.spanName(method, null), SpanKind.CLIENT,
            HttpServerMetrics.withOriginalMethod(attributes(method, request.getURI()), method, original),
            Context.current(), null);
    ClientHttpResponse response = null;
    try {
      sdk.openTelemetry().getPropagators().getTextMapPropagator()
          .inject(invocation.context(), request.getHeaders(), (headers, key, value) -> headers.set(key, value));
      response = execution.execute(request, body);
      // inside the try: a request factory may send the request in execute and read the answer only
      // here (SimpleClientHttpRequestFactory with a body), so a read timeout surfaces on this line
      recordStatus(invocation, response.getStatusCode().value());
    } catch (Throwable e) {
      invocation.span().setAttribute(ERROR_TYPE, e.getClass().getName());
      invocation.end(e); // also closes the scope: the caller's context must not keep a dead span current
      closeQuietly(response);
      throw e;
    }
    invocation.end(null);
    return response;
  }

  /** A response whose status could not be read never reaches the client, which would have closed it. */
  private static void closeQuietly(ClientHttpResponse response) {
    if (response != null) {
      try {
        response.close();
      } catch (RuntimeException ignored) {
        // the failure the caller gets is the one that matters
      }
    }
  }

  private static void recordStatus(Invocation invocation, int status) {
    invocation.span().setAttribute(STATUS, (long) status);
    if (status >= 400) {
      invocation.span().setAttribute(ERROR_TYPE, Integer.toString(status));
      invocation.span().setStatus(StatusCode.ERROR);
    }
  }

  /** The span's attributes at start, where a sampler can read them. */
  static Attributes attributes(String method, URI uri) {
    AttributesBuilder attributes = Attributes.builder().put(METHOD, method).put(URL, withoutQuery(uri))
        .put(HOST, String.valueOf(uri.getHost()));
    long port = UriPort.of(uri);
    if (port >= 0) {
      attributes.put(PORT, port);
    }
    return attributes.build();
  }

  /** The query string can carry tokens; the span keeps scheme, host, port and path. */
  private static String withoutQuery(URI uri) {
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
        + (uri.getRawPath() == null ? "" : uri.getRawPath());
  }
}
