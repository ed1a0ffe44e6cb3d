package dev.o11y.sdk.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o11y.sdk.O11y;
import dev.o11y.sdk.spring.app.ShopTestApplication;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the sampler is asked about, per trace: a platform team's sampler sees every span the
 * application starts. Inside a trace the upstream did not sample, the default parent-based sampler
 * could never record a statement span, so the JDBC instrumentation must not even ask.
 */
@SpringBootTest(classes = {ShopTestApplication.class, JdbcSamplingTest.AskedSampler.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.application.name=shop", "o11y.environment=test"})
class JdbcSamplingTest {

  /** One question the SDK put to the sampler. */
  record Question(String traceId, String name, SpanKind kind, boolean hasParent, Attributes attributes) {
    boolean database() {
      return attributes.asMap().keySet().stream().anyMatch(key -> key.getKey().startsWith("db."));
    }
  }

  /**
   * Notes every question, then answers as OpenTelemetry's default sampler (parent-based, always on
   * for roots) and describes itself as that sampler, so o11y treats it exactly as the default.
   */
  static final class RecordingSampler implements Sampler {
    private final Sampler decides = Sampler.parentBased(Sampler.alwaysOn());
    final Queue<Question> asked = new ConcurrentLinkedQueue<>();

    @Override
    public SamplingResult shouldSample(Context parent, String traceId, String name, SpanKind kind,
        Attributes attributes, List<LinkData> links) {
      boolean hasParent = Span.fromContext(parent).getSpanContext().isValid();
      asked.add(new Question(traceId, name, kind, hasParent, attributes));
      return decides.shouldSample(parent, traceId, name, kind, attributes, links);
    }

    @Override
    public String getDescription() {
      return decides.getDescription();
    }

    List<Question> inTrace(String traceId) {
      return asked.stream().filter(q -> q.traceId().equals(traceId)).toList();
    }
  }

  /** The application's own O11y bean (the auto-configuration steps back), with the recording sampler. */
  @Configuration(proxyBeanMethods = false)
  static class AskedSampler {
    @Bean
    RecordingSampler recordingSampler() {
      return new RecordingSampler();
    }

    @Bean(destroyMethod = "close")
    O11y o11y(RecordingSampler sampler) {
      return O11y.builder().serviceName("shop").environment("test").otlpEndpoint("none").sampler(sampler).build();
    }
  }

  @LocalServerPort
  int port;

  @Autowired
  RecordingSampler sampler;

  @Autowired
  JdbcTemplate jdbc;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aTraceTheUpstreamDidNotSampleAsksForNoStatementSpanWhileASampledOneStillDoes() throws Exception {
    String unsampled = "0af7651916cd43dd8448eb211c80319c";
    HttpResponse<String> response = getProduct(7, "00-" + unsampled + "-b7ad6b7169203331-00");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("Spinning rod 7"); // the statement ran, on the pool's connection

    String sampled = "4bf92f3577b34da6a3ce929d0e0e4736";
    assertThat(getProduct(8, "00-" + sampled + "-00f067aa0ba902b7-01").statusCode()).isEqualTo(200);

    // the server and client spans of the unsampled request were asked about: the recording works there
    assertThat(sampler.inTrace(unsampled)).extracting(Question::kind).contains(SpanKind.SERVER, SpanKind.CLIENT);
    assertThat(sampler.inTrace(unsampled)).as("asked in the unsampled trace: %s", sampler.inTrace(unsampled))
        .noneMatch(Question::database);
    assertThat(sampler.inTrace(sampled)).as("asked in the sampled trace: %s", sampler.inTrace(sampled))
        .anySatisfy(q -> {
          assertThat(q.database()).isTrue();
          assertThat(q.kind()).isEqualTo(SpanKind.CLIENT);
          assertThat(q.hasParent()).isTrue();
        });
  }

  @Test
  void aStatementOutsideAnySpanStillGetsARootSpan() {
    assertThat(Span.current().getSpanContext().isValid()).isFalse();
    int before = sampler.asked.size();
    assertThat(jdbc.queryForObject("select 41 + 1", Integer.class)).isEqualTo(42);
    List<Question> asked = sampler.asked.stream().skip(before).toList();
    assertThat(asked).as("asked: %s", asked).anySatisfy(q -> {
      assertThat(q.database()).isTrue();
      assertThat(q.hasParent()).isFalse();
    });
  }

  private HttpResponse<String> getProduct(int id, String traceparent) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/products/" + id))
        .header("traceparent", traceparent).build(), HttpResponse.BodyHandlers.ofString());
  }
}
