package dev.o11y.sdk.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OtlpReceiverTest {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN_ID = "00f067aa0ba902b7";
  private static final String PARENT_ID = "1111111111111111";
  private static final String LINKED_SPAN_ID = "2222222222222222";
  private static final Duration WAIT = Duration.ofSeconds(5);

  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private final OtlpReceiver receiver = OtlpReceiver.start();

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  @Test
  void decodesAnExportIntoReceivedSpans() throws Exception {
    HttpResponse<byte[]> response = send(post("/v1/traces", export(childSpan("GET /products/{id}")).toByteArray()));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-protobuf");
    assertThat(ExportTraceServiceResponse.parseFrom(response.body()).hasPartialSuccess()).isFalse();

    ReceivedSpan span = receiver.awaitSpan("GET /products/{id}", WAIT);
    assertThat(span.traceId()).isEqualTo(TRACE_ID);
    assertThat(span.spanId()).isEqualTo(SPAN_ID);
    assertThat(span.parentSpanId()).isEqualTo(PARENT_ID);
    assertThat(span.isRoot()).isFalse();
    assertThat(span.kind()).isEqualTo(ReceivedSpan.Kind.SERVER);
    assertThat(span.statusCode()).isEqualTo("ERROR");
    assertThat(span.statusMessage()).isEqualTo("boom");
    assertThat(span.attr("http.route")).isEqualTo("/products/{id}");
    assertThat(span.attributes()).containsEntry("http.response.status_code", 500L)
        .containsEntry("sampled.ratio", 0.25)
        .containsEntry("retry", true)
        .containsEntry("tags", List.of("a", "b"));
    assertThat(span.events()).containsExactly(
        new ReceivedEvent("exception", Map.of("exception.type", "java.lang.IllegalStateException")));
    assertThat(span.links()).containsExactly(
        new ReceivedLink(TRACE_ID, LINKED_SPAN_ID, Map.of("link.reason", "retry")));
    assertThat(span.resource()).containsEntry("service.name", "shop");
    assertThat(span.scopeName()).isEqualTo("dev.o11y.sdk");
    assertThat(span.startEpochNanos()).isEqualTo(1_700_000_000_000_000_000L);
    assertThat(span.endEpochNanos()).isEqualTo(1_700_000_000_250_000_000L);
  }

  @Test
  void decodesGzippedExportsAndRootSpans() throws Exception {
    Span root = Span.newBuilder().setTraceId(bytes(TRACE_ID)).setSpanId(bytes(SPAN_ID)).setName("root")
        .setKind(Span.SpanKind.SPAN_KIND_INTERNAL).build();
    HttpRequest request = post("/v1/traces", gzip(export(root).toByteArray()))
        .header("Content-Encoding", "gzip").build();

    assertThat(send(request).statusCode()).isEqualTo(200);

    ReceivedSpan span = receiver.awaitSpanCount(1, WAIT).get(0);
    assertThat(span.isRoot()).isTrue();
    assertThat(span.parentSpanId()).isEmpty();
    assertThat(span.kind()).isEqualTo(ReceivedSpan.Kind.INTERNAL);
    assertThat(span.statusCode()).isEqualTo("UNSET");
  }

  @Test
  void acknowledgesLogsAndMetricsAndCountsEveryRequest() throws Exception {
    assertThat(send(post("/v1/logs", new byte[0])).statusCode()).isEqualTo(200);
    assertThat(send(post("/v1/metrics", new byte[0])).statusCode()).isEqualTo(200);

    assertThat(receiver.requestCount()).isEqualTo(2);
    assertThat(receiver.spans()).isEmpty();
  }

  @Test
  void rejectsUnknownPathsGarbageAndJson() throws Exception {
    byte[] notProtobuf = {(byte) 0xff, 0x01, 0x02};

    assertThat(send(post("/v1/nope", export(childSpan("x")).toByteArray())).statusCode()).isEqualTo(404);
    assertThat(send(post("/v1/traces", notProtobuf)).statusCode()).isEqualTo(400);
    assertThat(send(post("/v1/traces", notProtobuf).header("Content-Encoding", "gzip")).statusCode())
        .isEqualTo(400);
    assertThat(send(HttpRequest.newBuilder(uri("/v1/traces")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{}"))).statusCode()).isEqualTo(415);
    assertThat(receiver.spans()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 429})
  void failingStatusStoresNothingUntilHealthyAgain(int status) throws Exception {
    receiver.respondWithStatus(status);
    HttpResponse<byte[]> failed = send(post("/v1/traces", export(childSpan("lost")).toByteArray()));

    assertThat(failed.statusCode()).isEqualTo(status);
    assertThat(new String(failed.body())).contains("failing on purpose");
    assertThat(receiver.spans()).isEmpty();

    receiver.healthy();
    assertThat(send(post("/v1/traces", export(childSpan("kept")).toByteArray())).statusCode()).isEqualTo(200);
    assertThat(receiver.spans()).extracting(ReceivedSpan::name).containsExactly("kept");
  }

  @Test
  void aSlowFailureAnswersOnlyAfterItsDelayAndHealingAnswersAtOnce() throws Exception {
    Duration delay = Duration.ofSeconds(1);
    receiver.respondWithStatus(503, delay);
    long start = System.nanoTime();
    HttpResponse<byte[]> failed = send(post("/v1/traces", export(childSpan("slowly-lost")).toByteArray()));

    assertThat(failed.statusCode()).isEqualTo(503);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(delay);

    receiver.respondWithStatus(503, Duration.ofMinutes(5));
    CompletableFuture<HttpResponse<byte[]>> held = HTTP.sendAsync(
        post("/v1/traces", export(childSpan("held")).toByteArray()).build(), HttpResponse.BodyHandlers.ofByteArray());
    receiver.awaitRequestCount(2, WAIT);
    receiver.healthy();
    assertThat(held.get(WAIT.toSeconds(), TimeUnit.SECONDS).statusCode()).as("held request, once healthy").isEqualTo(200);
    assertThat(receiver.spans()).extracting(ReceivedSpan::name).containsExactly("held");
  }

  @Test
  void blackHoleHoldsRequestsUntilHealthy() throws Exception {
    receiver.blackHole(true);
    HttpRequest held = post("/v1/traces", export(childSpan("swallowed")).toByteArray())
        .timeout(Duration.ofSeconds(1)).build();

    assertThatThrownBy(() -> HTTP.send(held, HttpResponse.BodyHandlers.ofByteArray()))
        .isInstanceOf(HttpTimeoutException.class);
    assertThat(receiver.requestCount()).isEqualTo(1);

    receiver.healthy();
    assertThat(send(post("/v1/traces", export(childSpan("after")).toByteArray())).statusCode()).isEqualTo(200);
    assertThat(receiver.awaitSpan("after", WAIT).name()).isEqualTo("after");
    assertThat(receiver.spans()).extracting(ReceivedSpan::name).doesNotContain("swallowed");
  }

  @Test
  void refusedConnectionsUntilHealthyListensAgainOnTheSamePort() throws Exception {
    String endpoint = receiver.endpoint();
    receiver.refuseConnections();

    assertThatThrownBy(() -> send(post("/v1/traces", export(childSpan("refused")).toByteArray())))
        .hasCauseInstanceOf(java.net.ConnectException.class);

    receiver.healthy();
    assertThat(receiver.endpoint()).isEqualTo(endpoint);
    assertThat(send(post("/v1/traces", export(childSpan("back")).toByteArray())).statusCode()).isEqualTo(200);
    assertThat(receiver.spans()).extracting(ReceivedSpan::name).containsExactly("back");
  }

  @Test
  void closeReleasesBlackHoledRequestsPromptly() {
    receiver.blackHole(true);
    CompletableFuture<HttpResponse<byte[]>> pending = HTTP.sendAsync(
        post("/v1/traces", export(childSpan("held")).toByteArray()).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    receiver.awaitRequestCount(1, WAIT);

    long start = System.nanoTime();
    receiver.close();

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    assertThat(pending).failsWithin(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  @Test
  void awaitWakesUpWhenSpansArrive() {
    // Sent later, so the await below is already blocked when the span arrives and must be woken.
    CompletableFuture.runAsync(() -> send(post("/v1/traces", export(childSpan("late")).toByteArray())),
        CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS));

    assertThat(receiver.awaitSpan("late", WAIT).traceId()).isEqualTo(TRACE_ID);
  }

  @Test
  void awaitFailsAtTheDeadlineNamingWhatArrived() throws Exception {
    send(post("/v1/traces", export(childSpan("only-this")).toByteArray()));

    assertThatThrownBy(() -> receiver.awaitSpanCount(2, Duration.ofMillis(200)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("at least 2 spans")
        .hasMessageContaining("received 1 spans in 1 requests: [only-this]");
    assertThatThrownBy(() -> receiver.awaitSpan("missing", Duration.ofMillis(100)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("\"missing\"");
  }

  @Test
  void clearForgetsSpansAndRequests() throws Exception {
    send(post("/v1/traces", export(childSpan("old")).toByteArray()));

    receiver.clear();

    assertThat(receiver.spans()).isEmpty();
    assertThat(receiver.requestCount()).isZero();
  }

  @Test
  void attrRefusesToStringifyOtherTypes() throws Exception {
    send(post("/v1/traces", export(childSpan("typed")).toByteArray()));
    ReceivedSpan span = receiver.awaitSpan("typed", WAIT);

    assertThat(span.attr("absent")).isNull();
    assertThatThrownBy(() -> span.attr("http.response.status_code"))
        .isInstanceOf(AssertionError.class).hasMessageContaining("Long");
  }

  @Test
  void rejectsNonFailureStatuses() {
    assertThatThrownBy(() -> receiver.respondWithStatus(200)).isInstanceOf(IllegalArgumentException.class);
  }

  private HttpResponse<byte[]> send(HttpRequest.Builder request) {
    return send(request.build());
  }

  private static HttpResponse<byte[]> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private HttpRequest.Builder post(String path, byte[] body) {
    return HttpRequest.newBuilder(uri(path))
        .header("Content-Type", "application/x-protobuf")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
  }

  private URI uri(String path) {
    return URI.create(receiver.endpoint() + path);
  }

  /** A server span with one of everything the decoder maps. */
  private static Span childSpan(String name) {
    return Span.newBuilder()
        .setTraceId(bytes(TRACE_ID)).setSpanId(bytes(SPAN_ID)).setParentSpanId(bytes(PARENT_ID))
        .setName(name)
        .setKind(Span.SpanKind.SPAN_KIND_SERVER)
        .setStartTimeUnixNano(1_700_000_000_000_000_000L)
        .setEndTimeUnixNano(1_700_000_000_250_000_000L)
        .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("boom"))
        .addAttributes(attribute("http.route", string("/products/{id}")))
        .addAttributes(attribute("http.response.status_code", AnyValue.newBuilder().setIntValue(500).build()))
        .addAttributes(attribute("sampled.ratio", AnyValue.newBuilder().setDoubleValue(0.25).build()))
        .addAttributes(attribute("retry", AnyValue.newBuilder().setBoolValue(true).build()))
        .addAttributes(attribute("tags", AnyValue.newBuilder().setArrayValue(
            ArrayValue.newBuilder().addValues(string("a")).addValues(string("b"))).build()))
        .addEvents(Span.Event.newBuilder().setName("exception")
            .addAttributes(attribute("exception.type", string("java.lang.IllegalStateException"))))
        .addLinks(Span.Link.newBuilder().setTraceId(bytes(TRACE_ID)).setSpanId(bytes(LINKED_SPAN_ID))
            .addAttributes(attribute("link.reason", string("retry"))))
        .build();
  }

  private static ExportTraceServiceRequest export(Span span) {
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(ResourceSpans.newBuilder()
            .setResource(Resource.newBuilder().addAttributes(attribute("service.name", string("shop"))))
            .addScopeSpans(ScopeSpans.newBuilder()
                .setScope(InstrumentationScope.newBuilder().setName("dev.o11y.sdk"))
                .addSpans(span)))
        .build();
  }

  private static KeyValue attribute(String key, AnyValue value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }

  private static AnyValue string(String value) {
    return AnyValue.newBuilder().setStringValue(value).build();
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
