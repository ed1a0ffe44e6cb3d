package dev.o11y.sdk.spring.internal;

import dev.o11y.sdk.O11y;
import dev.o11y.sdk.internal.Invocation;
import dev.o11y.sdk.internal.SdkInternals;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
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
    String method = HttpServerMetrics.method(request.getMethod().name());
    URI uri = request.getURI();
    Attributes attributes = Attributes.of(METHOD, method, URL, withoutQuery(uri),
        HOST, String.valueOf(uri.getHost()), PORT, (long) uri.getPort());
    O11y sdk = o11y.get();
    Invocation invocation = SdkInternals.instrumenter(sdk).start(method, SpanKind.CLIENT, attributes, Context.current(), null);
    sdk.openTelemetry().getPropagators().getTextMapPropagator()
        .inject(invocation.context(), request.getHeaders(), (headers, key, value) -> headers.set(key, value));
    ClientHttpResponse response;
    try {
      response = execution.execute(request, body);
    } catch (IOException | RuntimeException e) {
      invocation.span().setAttribute(ERROR_TYPE, e.getClass().getName());
      invocation.end(e);
      throw e;
    }
    int status = response.getStatusCode().value();
    invocation.span().setAttribute(STATUS, (long) status);
    if (status >= 400) {
      invocation.span().setAttribute(ERROR_TYPE, Integer.toString(status));
      invocation.span().setStatus(StatusCode.ERROR);
    }
    invocation.end(null);
    return response;
  }

  /** The query string can carry tokens; the span keeps scheme, host, port and path. */
  private static String withoutQuery(URI uri) {
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
        + (uri.getRawPath() == null ? "" : uri.getRawPath());
  }
}
