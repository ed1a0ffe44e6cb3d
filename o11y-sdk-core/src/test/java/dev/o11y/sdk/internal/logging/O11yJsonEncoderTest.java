package dev.o11y.sdk.internal.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import dev.o11y.sdk.O11yConvention;
import dev.o11y.sdk.internal.Conventions;
import dev.o11y.sdk.testing.CapturedLogs;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.logstash.logback.argument.StructuredArguments;
import net.logstash.logback.encoder.LoggingEventCompositeJsonEncoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

/**
 * The hand-written line must be byte for byte the line logstash-logback-encoder writes with the
 * SDK's providers and masking decorator: random events with every character JSON must escape,
 * unpaired surrogates, non-ASCII, secrets in every field, odd timestamps and huge messages.
 */
class O11yJsonEncoderTest {

  private static final String[] PIECES = {
    "priced order ", "42", " ", "a", "Z", "\"", "\\", "/", "\u0000", "\u0001", "\b", "\t", "\n", "\f", "\r",
    "\u001b[31m", "\u007f", "é", "日本", "\ud83c\udfa3", "\ud800", "\udfff", "\u2028", "\uffff", "\u0085",
    "password=hunter2", "token: abc.def", "Bearer abcdefghijk", "eyJhbGciOi.eyJzdWIiOiIx.c2ln",
    "angler.ivanov@plotva.ru", "4111 1111 1111 1111", "+7 912 345-67-89", "89123456789", "2026-11-22",
    "{\"json\":true}", "</script>", "${jndi:ldap://x}"
  };
  private static final String[] MDC_KEYS = {
    "trace_id", "span_id", "trace_flags", "operation", "request_id", "cart", "user.email", "password",
    "authToken", "phone", "http.route", "we\"ird\nkey", "ключ", "service", "message", "app.level"
  };

  private final LoggerContext context = new LoggerContext();
  private final O11yJsonEncoder encoder = new O11yJsonEncoder();
  private final LoggingEventCompositeJsonEncoder logstash = O11yJsonEncoder.logstashEncoder();
  private final SplittableRandom random = new SplittableRandom(20261122);

  @BeforeEach
  void start() {
    encoder.setContext(context);
    encoder.start();
    logstash.setContext(context);
    logstash.start();
  }

  @AfterEach
  void resetLogFields() {
    LogFields.set("unknown_service:java", "unknown", "unknown", Conventions.none());
  }

  @Test
  void randomEventsGiveTheLogstashLineByteForByte() {
    for (int i = 0; i < 20_000; i++) {
      assertSameLine(randomEvent(i % 500 == 0 ? 40_000 : 12));
    }
  }

  @Test
  void resourceFieldsAndDeniedKeysFollowTheCurrentSettings() {
    O11yConvention denyCartAndEnv = new O11yConvention() {
      @Override
      public boolean allowsKey(String key) {
        return !key.equals("cart") && !key.equals("env") && !key.equals("operation");
      }
    };
    LogFields.set("orders \"eu\"", "prod\n", "1.2.3-é", new Conventions(List.of(denyCartAndEnv)));
    for (int i = 0; i < 2_000; i++) {
      assertSameLine(randomEvent(8));
    }
    LoggingEvent event = event("checkout for cart {}", Map.of("cart", "k-1", "operation", "checkout", "request_id", "r-1"));
    var line = CapturedLogs.parse(new String(encoder.encode(event), StandardCharsets.UTF_8));
    assertThat(line.get("service").asString()).isEqualTo("orders \"eu\"");
    assertThat(line.has("env")).isFalse();
    assertThat(line.has("cart")).isFalse();
    assertThat(line.has("operation")).isFalse();
    assertThat(line.get("request_id").asString()).isEqualTo("r-1");

    LogFields.set("payments", "stage", "2", Conventions.none());
    line = CapturedLogs.parse(new String(encoder.encode(event), StandardCharsets.UTF_8));
    assertThat(line.get("service").asString()).isEqualTo("payments");
    assertThat(line.get("cart").asString()).isEqualTo("k-1");
  }

  /**
   * An MDC key, key/value pair or structured argument named like a field every line has is kept,
   * masked, as {@code app.<name>}: never a second {@code service} field (which once skipped masking,
   * the masker trusting the line's own fields), and never silently left out.
   */
  @Test
  void anApplicationFieldNamedLikeAFieldOfEveryLineIsKeptUnderItsApplicationName() {
    String phone = "+7 912 345-67-89";
    Map<String, String> mdc = new LinkedHashMap<>();
    for (String field : List.of("service", "env", "version", "level", "message", "thread_name", "stack_trace")) {
      mdc.put(field, phone);
    }
    mdc.put("request_id", "r-1");
    mdc.put("app.service", "own"); // the application's own app.* name cannot become a renamed field's twin
    LoggingEvent plain = event("checkout", mdc);
    LoggingEvent withStackTrace = new LoggingEvent(Logger.class.getName(), context.getLogger("x"), Level.ERROR,
        "checkout", new IllegalStateException("boom"), null);
    withStackTrace.setMDCPropertyMap(mdc);
    // the same names as SLF4J key/value pairs and logstash structured arguments
    LoggingEvent withArguments = new LoggingEvent(Logger.class.getName(), context.getLogger("x"), Level.INFO,
        "checkout {} {} {}", null, new Object[] {StructuredArguments.kv("span_id", phone),
            StructuredArguments.kv("order", 42), StructuredArguments.entries(Map.of("logger_name", "mine", "trace_id", phone))});
    withArguments.setMDCPropertyMap(Map.of("request_id", "r-1", "trace_id", "4bf92f3577b34da6a3ce929d0e0e4736",
        "span_id", "00f067aa0ba902b7"));
    withArguments.addKeyValuePair(new KeyValuePair("service", "payments-gateway"));
    withArguments.addKeyValuePair(new KeyValuePair("cart", "k-1"));

    for (LoggingEvent event : List.of(plain, withStackTrace)) {
      String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
      assertThat(line).doesNotContain("912").containsOnlyOnce("\"service\":").containsOnlyOnce("\"message\":")
          .containsOnlyOnce("\"env\":").containsOnlyOnce("\"app.service\":");
      var parsed = CapturedLogs.parse(line);
      assertThat(parsed.get("app.app.service").asString()).isEqualTo("own");
      assertThat(parsed.get("request_id").asString()).isEqualTo("r-1");
      assertThat(parsed.get("message").asString()).isEqualTo("checkout");
      for (String field : List.of("service", "env", "version", "level", "message", "thread_name", "stack_trace")) {
        assertThat(parsed.get("app." + field).asString()).as(field).isNotEmpty().contains("****");
      }
    }
    String line = new String(encoder.encode(withArguments), StandardCharsets.UTF_8);
    assertThat(line).doesNotContain("912").containsOnlyOnce("\"service\":").containsOnlyOnce("\"span_id\":")
        .containsOnlyOnce("\"trace_id\":").containsOnlyOnce("\"logger_name\":");
    var parsed = CapturedLogs.parse(line);
    assertThat(parsed.get("order").asInt()).isEqualTo(42);
    assertThat(parsed.get("cart").asString()).isEqualTo("k-1");
    assertThat(parsed.get("app.service").asString()).isEqualTo("payments-gateway");
    assertThat(parsed.get("app.logger_name").asString()).isEqualTo("mine");
    assertThat(parsed.get("logger_name").asString()).isEqualTo("x");
    assertThat(parsed.get("span_id").asString()).isEqualTo("00f067aa0ba902b7");
    assertThat(parsed.get("trace_id").asString()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(parsed.get("app.span_id").asString()).contains("****");
    assertThat(parsed.get("app.trace_id").asString()).contains("****");
  }

  @Test
  void aHugeLineDoesNotLeaveBytesInTheNextOne() {
    String small = "after";
    encoder.encode(event("x".repeat(100_000), Map.of()));
    String line = new String(encoder.encode(event(small, Map.of())), StandardCharsets.UTF_8);
    assertThat(line).endsWith("}" + System.lineSeparator()).hasSizeLessThan(400);
    assertThat(CapturedLogs.parse(line).get("message").asString()).isEqualTo(small);
  }

  private void assertSameLine(LoggingEvent event) {
    String expected = new String(logstash.encode(event), StandardCharsets.UTF_8);
    String byHand = new String(encoder.writeByHand(event, event.getFormattedMessage(), event.getThreadName()),
        StandardCharsets.UTF_8);
    assertThat(byHand).isEqualTo(expected);
  }

  private LoggingEvent randomEvent(int pieces) {
    Map<String, String> mdc = new LinkedHashMap<>();
    for (int i = random.nextInt(6); i > 0; i--) {
      mdc.put(MDC_KEYS[random.nextInt(MDC_KEYS.length)], text(random.nextInt(4)));
    }
    Level[] levels = {Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR};
    String thread = random.nextInt(4) == 0 ? text(2) : "http-nio-8080-exec-" + random.nextInt(20);
    int[] nanos = {0, 100_000_000, 120_000_000, 1_000, 123_456_789, 999_999_999, random.nextInt(1_000_000_000)};
    long second = random.nextInt(3) == 0
        ? random.nextLong(-62_000_000_000L, 300_000_000_000L) // year 5 to 11476
        : 1_795_000_000L + random.nextInt(100_000);
    return event(levels[random.nextInt(levels.length)], text(pieces), mdc, thread,
        Instant.ofEpochSecond(second, nanos[random.nextInt(nanos.length)]));
  }

  private LoggingEvent event(String message, Map<String, String> mdc) {
    return event(Level.INFO, message, mdc, "main", Instant.parse("2026-11-22T10:15:30.123456Z"));
  }

  private LoggingEvent event(Level level, String message, Map<String, String> mdc, String thread, Instant instant) {
    Logger logger = context.getLogger(random.nextBoolean() ? "dev.o11y.shop.Checkout" : "org.apache.Tomcat$Inner");
    LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, level, message, null, null);
    event.setThreadName(thread);
    event.setInstant(instant);
    event.setMDCPropertyMap(mdc);
    return event;
  }

  private String text(int pieces) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < pieces; i++) {
      text.append(PIECES[random.nextInt(PIECES.length)]);
    }
    return text.toString();
  }
}
