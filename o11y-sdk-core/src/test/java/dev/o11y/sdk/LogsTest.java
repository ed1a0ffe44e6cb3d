package dev.o11y.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o11y.sdk.testing.CapturedLogs;
import dev.o11y.sdk.fixtures.Shop;
import dev.o11y.sdk.fixtures.Shop.Catalog;
import dev.o11y.sdk.testing.OtlpReceiver;
import dev.o11y.sdk.testing.ReceivedSpan;
import io.opentelemetry.api.trace.Span;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import tools.jackson.databind.JsonNode;

class LogsTest {

  private static final Logger log = LoggerFactory.getLogger(LogsTest.class);

  private static final String PASSWORD = "hunter2-Sup3r";
  private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
  private static final String PHONE = "+7 (912) 345-67-89";
  private static final String EMAIL = "angler.ivanov@plotva.ru";
  private static final String CARD = "4111 1111 1111 1111";

  private OtlpReceiver receiver;
  private O11y o11y;

  @BeforeEach
  void start() {
    receiver = OtlpReceiver.start();
    o11y = O11y.builder().serviceName("shop").serviceVersion("2.0.0").environment("test")
        .otlpEndpoint(receiver.endpoint()).build();
  }

  @AfterEach
  void stop() {
    o11y.close();
    receiver.close();
  }

  @Test
  void everyLineIsJsonAndLinesInsideACallCarryThatCallsTraceId() {
    Shop shop = o11y.instrument(Shop.class,
        new Shop.ShopImpl(o11y.instrument(Catalog.Prices.class, new Catalog.PricesImpl())));
    List<JsonNode> lines;
    try (CapturedLogs logs = CapturedLogs.start()) {
      log.info("before any call");
      shop.checkout("a1");
      shop.checkout("b2");
      log.info("after the calls");
      lines = logs.json();
    }
    o11y.close();
    List<ReceivedSpan> spans = receiver.awaitSpanCount(4, Duration.ofSeconds(20));

    assertThat(lines).hasSizeGreaterThanOrEqualTo(8);
    for (JsonNode line : lines) {
      assertThat(line.has("@timestamp") && line.has("level") && line.has("logger_name")
          && line.has("thread_name") && line.has("message")).as(line.toString()).isTrue();
      assertThat(line.get("service").asString()).isEqualTo("shop");
      assertThat(line.get("env").asString()).isEqualTo("test");
      assertThat(line.get("version").asString()).isEqualTo("2.0.0");
    }
    for (String cart : List.of("a1", "b2")) {
      List<JsonNode> ofCart = lines.stream()
          .filter(l -> l.get("message").asString().contains("rod-" + cart)
              || l.get("message").asString().contains("cart " + cart + " "))
          .toList();
      assertThat(ofCart).hasSize(3);
      String traceId = ofCart.get(0).get("trace_id").asString();
      assertThat(traceId).matches("[0-9a-f]{32}");
      assertThat(ofCart).allSatisfy(l -> assertThat(l.get("trace_id").asString()).isEqualTo(traceId));
      assertThat(spans).filteredOn(s -> s.traceId().equals(traceId)).extracting(ReceivedSpan::name)
          .containsExactlyInAnyOrder("checkout", "PricesImpl.price");
      JsonNode pricing = ofCart.stream().filter(l -> l.get("message").asString().startsWith("pricing")).findFirst().orElseThrow();
      ReceivedSpan priceSpan = spans.stream().filter(s -> s.traceId().equals(traceId) && s.name().equals("PricesImpl.price")).findFirst().orElseThrow();
      assertThat(pricing.get("span_id").asString()).isEqualTo(priceSpan.spanId());
      assertThat(pricing.get("operation").asString()).isEqualTo("PricesImpl.price");
      assertThat(pricing.get("trace_flags").asString()).matches("[0-9a-f]{2}");
    }
    JsonNode before = lines.stream().filter(l -> l.get("message").asString().equals("before any call"))
        .findFirst().orElseThrow();
    assertThat(before.has("trace_id")).as("outside any call").isFalse();
  }

  @Test
  void secretsAndPersonalDataNeverAppearInLogsSpansOrMetrics() {
    String logged;
    try (CapturedLogs logs = CapturedLogs.start()) {
      MDC.put("user_email", EMAIL);
      MDC.put("auth", "Bearer " + TOKEN);
      try {
        o11y.observe("login", () -> {
          log.info("login password={} token={} phone {} mail {} card {}", PASSWORD, TOKEN, PHONE, EMAIL, CARD);
          log.info("Authorization: Bearer {}", TOKEN);
          log.warn("json body {\"password\":\"" + PASSWORD + "\"}");
          Span.current().setAttribute("user.password", PASSWORD);
          Span.current().setAttribute("user.phone", PHONE);
          Span.current().setAttribute("note", "call me at " + PHONE + " or " + EMAIL);
          log.error("failed", new IllegalStateException("bad token=" + TOKEN + " for " + EMAIL));
        });
      } finally {
        MDC.clear();
      }
      logged = logs.raw();
    }
    o11y.close();
    ReceivedSpan login = receiver.awaitSpan("login", Duration.ofSeconds(20));

    logged.lines().forEach(CapturedLogs::parse);
    String everything = logged + login.attributes() + login.events() + o11y.scrape();
    for (String secret : List.of(PASSWORD, TOKEN, "912) 345-67-89", EMAIL, "4111 1111 1111 1111", "4111111111111111")) {
      assertThat(everything).as("'%s' leaked", secret).doesNotContain(secret);
    }
    assertThat(logged).contains("password=****", "****1111", "login");
    assertThat(login.attributes()).containsEntry("user.password", "****");
  }

  /**
   * What other instrumentation puts on spans goes through the same masking: a span named after a raw
   * path, string-array attributes (captured headers), and the attributes of links.
   */
  @Test
  void spanNamesArrayAttributesAndLinksAreMaskedToo() {
    io.opentelemetry.api.trace.Tracer tracer = o11y.openTelemetry().getTracer("other-instrumentation");
    Span linked = tracer.spanBuilder("linked").startSpan();
    linked.end();
    Span span = tracer.spanBuilder("GET /users/" + EMAIL)
        .addLink(linked.getSpanContext(), io.opentelemetry.api.common.Attributes.of(
            io.opentelemetry.api.common.AttributeKey.stringKey("note"), "from " + EMAIL))
        .setAttribute(io.opentelemetry.api.common.AttributeKey.stringArrayKey("http.request.header.authorization"),
            List.of("Bearer " + TOKEN))
        .setAttribute(io.opentelemetry.api.common.AttributeKey.stringArrayKey("tags"), List.of("vip", "card " + CARD))
        .startSpan();
    String traceId = span.getSpanContext().getTraceId();
    span.end();
    o11y.close();

    ReceivedSpan received = receiver.awaitSpans(spans -> spans.stream().anyMatch(s -> s.traceId().equals(traceId)
        && !s.name().equals("linked")), Duration.ofSeconds(20)).stream()
        .filter(s -> s.traceId().equals(traceId) && !s.name().equals("linked")).findFirst().orElseThrow();
    String everything = received.name() + received.attributes() + received.links();
    for (String secret : List.of(EMAIL, TOKEN, CARD)) {
      assertThat(everything).as("'%s' leaked", secret).doesNotContain(secret);
    }
    assertThat(received.name()).isEqualTo("GET /users/****");
    assertThat(received.attributes()).containsEntry("http.request.header.authorization", List.of("****"))
        .containsEntry("tags", List.of("vip", "card ****1111"));
    assertThat(received.links()).singleElement().satisfies(link ->
        assertThat(link.attributes()).containsEntry("note", "from ****"));
  }

  @Test
  void hostileMessagesStillGiveOneJsonObjectPerLine() {
    String hostile = "line1\nline2\r\n\"quoted\" \u001b[31mred\u001b[0m \u0000 tab\t \ud800 end";
    List<String> lines;
    try (CapturedLogs logs = CapturedLogs.start()) {
      MDC.put("note", hostile);
      try {
        o11y.observe("hostile", () -> log.info(hostile));
      } finally {
        MDC.clear();
      }
      lines = logs.lines();
    }
    lines.forEach(CapturedLogs::parse); // every line, whoever wrote it, is one JSON object
    List<JsonNode> ours = lines.stream().map(CapturedLogs::parse)
        .filter(l -> l.get("logger_name").asString().equals(LogsTest.class.getName())).toList();
    assertThat(ours).hasSize(1);
    JsonNode line = ours.get(0);
    assertThat(line.get("message").asString()).startsWith("line1\nline2");
    assertThat(line.get("note").asString()).contains("\"quoted\"");
  }

  /**
   * Each hostile value goes in as a message, an MDC value and an MDC key. Every output line must be
   * one JSON object and every value must come back exactly as logged; a lone surrogate, which no
   * UTF-8 can carry, comes back either escaped (exact) or as U+FFFD, never as broken output.
   */
  @Test
  void hostileMessagesAndMdcEntriesRoundTripOneJsonObjectPerLine() {
    List<String> hostile = List.of("line1\nline2\r\nline3", "\"quoted\" \\ back\\slash }{", "nul\u0000 bel\u0007 del\u007f",
        "\u001b[31mred\u001b[0m \u001b]0;title\u0007", "lone high \ud800 end", "lone low \udc00 end",
        "reversed \udc00\ud800 pair", "fish \ud83d\udc1f ok", "separators \u2028\u2029 \u0085", "tab\t cr\r");
    List<JsonNode> ours;
    try (CapturedLogs logs = CapturedLogs.start()) {
      for (String value : hostile) {
        MDC.put("note", value);
        MDC.put("key " + value, "v");
        try {
          o11y.observe("hostile", () -> log.info(value));
        } finally {
          MDC.clear();
        }
      }
      List<String> lines = logs.lines();
      lines.forEach(CapturedLogs::parse);
      ours = lines.stream().map(CapturedLogs::parse)
          .filter(l -> l.get("logger_name").asString().equals(LogsTest.class.getName())).toList();
    }
    assertThat(ours).hasSize(hostile.size());
    for (int i = 0; i < hostile.size(); i++) {
      String value = hostile.get(i);
      JsonNode line = ours.get(i);
      assertThat(line.get("message").asString()).as("message %d", i).satisfies(m -> assertRoundTrip(m, value));
      assertThat(line.get("note").asString()).as("MDC value %d", i).satisfies(m -> assertRoundTrip(m, value));
      assertThat(line.properties()).as("MDC key %d", i)
          .anySatisfy(field -> assertRoundTrip(field.getKey(), "key " + value));
    }
  }

  private static void assertRoundTrip(String logged, String original) {
    String replaced = original.replaceAll("[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]", "\ufffd");
    assertThat(logged).isIn(original, replaced);
  }

  @Test
  void listValuesAreWrittenAndMaskedElementByElement() {
    // the masking decorator sees array elements without a field name; that used to fail the line
    try (CapturedLogs logs = CapturedLogs.start()) {
      log.atInfo().addKeyValue("notes", List.of("password=" + PASSWORD, "call " + PHONE, "ok"))
          .log("order noted");
      JsonNode line = logs.json().stream()
          .filter(l -> l.path("message").asString().equals("order noted")).findFirst().orElseThrow();
      assertThat(line.get("notes").get(0).asString()).isEqualTo("password=****");
      assertThat(line.get("notes").get(1).asString()).isEqualTo("call ****");
      assertThat(line.get("notes").get(2).asString()).isEqualTo("ok");
      assertThat(logs.raw()).doesNotContain(PASSWORD);
    }
  }

  @Test
  void conventionDeniedKeysNeverReachTheLog() {
    try (O11y denying = O11y.builder().serviceName("shop").otlpEndpoint("none")
        .convention(O11yConvention.denyKeys("customer_id")).build();
        CapturedLogs logs = CapturedLogs.start()) {
      MDC.put("customer_id", "c-981");
      MDC.put("cart", "k-1");
      try {
        denying.observe("op", () -> log.info("hello"));
      } finally {
        MDC.clear();
      }
      JsonNode line = logs.json().stream()
          .filter(l -> l.get("logger_name").asString().equals(LogsTest.class.getName())).findFirst().orElseThrow();
      assertThat(line.has("customer_id")).isFalse();
      assertThat(line.get("cart").asString()).isEqualTo("k-1");
      assertThat(Map.of("raw", logs.raw()).get("raw")).doesNotContain("c-981");
    }
  }

  @Test
  void openTelemetrysOwnJavaUtilLoggingBecomesJsonLines() {
    List<JsonNode> lines;
    try (CapturedLogs logs = CapturedLogs.start()) {
      java.util.logging.Logger.getLogger("io.opentelemetry.exporter.test")
          .log(java.util.logging.Level.SEVERE, "Failed to export {0} spans", 512);
      lines = logs.json().stream()
          .filter(l -> l.get("logger_name").asString().equals("io.opentelemetry.exporter.test")).toList();
    }
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0).get("level").asString()).isEqualTo("ERROR");
    assertThat(lines.get(0).get("message").asString()).isEqualTo("Failed to export 512 spans");
    assertThat(lines.get(0).get("service").asString()).isEqualTo("shop");
  }
}
