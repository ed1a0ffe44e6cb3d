package dev.o11y.sdk.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.o11y.sdk.O11y;
import dev.o11y.sdk.testing.OtlpReceiver;
import dev.o11y.sdk.testing.ReceivedSpan;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.mock.http.client.MockClientHttpRequest;

/**
 * What the over-the-wire tests in {@code ClientAndSchedulerTest} cannot reach: {@code server.port}
 * of a URL without one (a public https API, which a test cannot call), and closing a response the
 * client never got.
 */
class ClientTracingInterceptorTest {

  private static final AttributeKey<Long> PORT = AttributeKey.longKey("server.port");

  @Test
  void aUrlWithoutAPortGetsItsSchemesDefault() {
    assertThat(port("https://api.example.com/orders?token=secret")).isEqualTo(443L);
    assertThat(port("http://api.example.com/orders")).isEqualTo(80L);
    assertThat(attributes("https://api.example.com/orders?token=secret").get(AttributeKey.stringKey("url.full")))
        .isEqualTo("https://api.example.com/orders");
  }

  @Test
  void anExplicitPortIsKeptAndAnUnknownOneLeftOut() {
    assertThat(port("http://127.0.0.1:8443/orders")).isEqualTo(8443L);
    assertThat(port("https://api.example.com:80/orders")).isEqualTo(80L);
    assertThat(port("gopher://api.example.com/orders")).as("no default to infer").isNull();
  }

  /**
   * RestTemplate and RestClient close the response they were given; one whose status could not be
   * read never reaches them, so the interceptor closes it, as they would have.
   */
  @Test
  void aResponseWhoseStatusCannotBeReadIsClosedAndTheFailureRethrownUnchanged() throws Exception {
    SocketTimeoutException timeout = new SocketTimeoutException("Read timed out");
    ClientHttpResponse response = mock(ClientHttpResponse.class);
    when(response.getStatusCode()).thenThrow(timeout);
    try (O11y o11y = O11y.builder().serviceName("client").otlpEndpoint("none").build()) {
      ClientTracingInterceptor interceptor = new ClientTracingInterceptor(o11y);
      MockClientHttpRequest request = new MockClientHttpRequest(HttpMethod.POST, URI.create("http://127.0.0.1:9/orders"));

      assertThatThrownBy(() -> interceptor.intercept(request, new byte[] {1}, (r, body) -> response))
          .isSameAs(timeout);
      verify(response).close();
    }
  }

  /** The semantic conventions' answer to a method outside the nine: {@code HTTP}, {@code _OTHER}, and the original. */
  @Test
  void anUnknownMethodIsNamedHttpAndKeptAsTheOriginal() throws Exception {
    ClientHttpResponse response = mock(ClientHttpResponse.class);
    when(response.getStatusCode()).thenReturn(HttpStatus.OK);
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      try (O11y o11y = O11y.builder().serviceName("client").otlpEndpoint(receiver.endpoint()).build()) {
        MockClientHttpRequest request = new MockClientHttpRequest(HttpMethod.valueOf("PURGE"),
            URI.create("http://127.0.0.1:9/cache"));
        new ClientTracingInterceptor(o11y).intercept(request, new byte[0], (r, body) -> response);
      }
      ReceivedSpan client = receiver.awaitSpans(spans -> !spans.isEmpty(), Duration.ofSeconds(30)).get(0);
      assertThat(client.kind()).isEqualTo(ReceivedSpan.Kind.CLIENT);
      assertThat(client.name()).isEqualTo("HTTP");
      assertThat(client.attr("http.request.method")).isEqualTo("_OTHER");
      assertThat(client.attr("http.request.method_original")).isEqualTo("PURGE");
    }
  }

  private static Long port(String url) {
    return attributes(url).get(PORT);
  }

  private static Attributes attributes(String url) {
    return ClientTracingInterceptor.attributes("GET", URI.create(url));
  }
}
