package dev.o11y.sdk.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class OtlpReceiverTest {

  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void decodesPlainAndGzippedExports() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      assertThat(post(receiver, "/v1/traces", request("plain").toByteArray(), false)).isEqualTo(200);
      assertThat(post(receiver, "/v1/traces", gzip(request("zipped").toByteArray()), true)).isEqualTo(200);

      var spans = receiver.awaitSpanCount(2, Duration.ofSeconds(5));
      ReceivedSpan plain = spans.get(0);
      assertThat(plain.name()).isEqualTo("plain");
      assertThat(plain.traceId()).isEqualTo(TRACE);
      assertThat(plain.spanId()).isEqualTo("00f067aa0ba902b7");
      assertThat(plain.parentSpanId()).isEqualTo("1111111111111111");
      assertThat(plain.isRoot()).isFalse();
      assertThat(plain.kind()).isEqualTo("SERVER");
      assertThat(plain.statusCode()).isEqualTo("ERROR");
      assertThat(plain.attr("http.route")).isEqualTo("/products/{id}");
      assertThat(plain.attributes()).containsEntry("retries", 2L);
      assertThat(plain.events()).extracting(ReceivedSpan.ReceivedEvent::name).containsExactly("exception");
      assertThat(plain.links()).extracting(ReceivedSpan.ReceivedLink::traceId).containsExactly(TRACE);
      assertThat(plain.resource()).containsEntry("service.name", "shop");
      assertThat(spans.get(1).name()).isEqualTo("zipped");
    }
  }

  @Test
  void unknownPathsAndGarbageAreRejected() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      assertThat(post(receiver, "/nope", new byte[] {1}, false)).isEqualTo(404);
      assertThat(post(receiver, "/v1/traces", new byte[] {(byte) 0xff, 0x01, 0x02}, false)).isEqualTo(400);
      assertThat(receiver.spans()).isEmpty();
    }
  }

  @Test
  void failureModesStoreNothingAndRecover() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      receiver.respondWithStatus(503);
      assertThat(post(receiver, "/v1/traces", request("lost").toByteArray(), false)).isEqualTo(503);
      assertThat(receiver.spans()).isEmpty();

      receiver.healthy();
      receiver.blackHole(true);
      HttpRequest hanging = HttpRequest.newBuilder(URI.create(receiver.endpoint() + "/v1/traces"))
          .timeout(Duration.ofSeconds(1))
          .POST(HttpRequest.BodyPublishers.ofByteArray(request("held").toByteArray())).build();
      assertThatThrownBy(() -> http.send(hanging, HttpResponse.BodyHandlers.discarding()))
          .isInstanceOf(HttpTimeoutException.class);

      receiver.healthy();
      assertThat(post(receiver, "/v1/traces", request("back").toByteArray(), false)).isEqualTo(200);
      assertThat(receiver.awaitSpan("back", Duration.ofSeconds(5)).name()).isEqualTo("back");
    }
  }

  @Test
  void awaitingFailsAfterTheDeadlineNamingWhatArrived() {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      assertThatThrownBy(() -> receiver.awaitSpanCount(1, Duration.ofMillis(200)))
          .isInstanceOf(AssertionError.class).hasMessageContaining("received 0 spans");
    }
  }

  private int post(OtlpReceiver receiver, String path, byte[] body, boolean gzip) throws Exception {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(receiver.endpoint() + path))
        .header("Content-Type", "application/x-protobuf")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (gzip) {
      builder.header("Content-Encoding", "gzip");
    }
    return http.send(builder.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static ExportTraceServiceRequest request(String name) {
    Span span = Span.newBuilder()
        .setTraceId(bytes(TRACE)).setSpanId(bytes("00f067aa0ba902b7")).setParentSpanId(bytes("1111111111111111"))
        .setName(name).setKind(Span.SpanKind.SPAN_KIND_SERVER)
        .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR))
        .addAttributes(kv("http.route", AnyValue.newBuilder().setStringValue("/products/{id}").build()))
        .addAttributes(kv("retries", AnyValue.newBuilder().setIntValue(2).build()))
        .addEvents(Span.Event.newBuilder().setName("exception"))
        .addLinks(Span.Link.newBuilder().setTraceId(bytes(TRACE)).setSpanId(bytes("2222222222222222")))
        .build();
    return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
        .setResource(Resource.newBuilder().addAttributes(
            kv("service.name", AnyValue.newBuilder().setStringValue("shop").build())))
        .addScopeSpans(ScopeSpans.newBuilder().addSpans(span))).build();
  }

  private static KeyValue kv(String key, AnyValue value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }

  private static ByteString bytes(String hex) {
    return ByteString.copyFrom(HexFormat.of().parseHex(hex));
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(data);
    }
    return out.toByteArray();
  }
}
