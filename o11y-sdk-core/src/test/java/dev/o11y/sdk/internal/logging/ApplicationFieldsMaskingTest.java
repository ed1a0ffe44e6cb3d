package dev.o11y.sdk.internal.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import dev.o11y.sdk.internal.context.RequestIdKey;
import dev.o11y.sdk.testing.CapturedLogs;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import net.logstash.logback.argument.StructuredArguments;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;
import tools.jackson.databind.JsonNode;

/**
 * Values the application writes are masked whatever their field is called: a {@code trace_id} or
 * {@code level} of its own, inside its objects or written by {@code entries(..)}, is not taken for
 * the line's field of that name, which the encoder fills and does not mask (at the line's top level
 * it is written as {@code app.trace_id}).
 */
class ApplicationFieldsMaskingTest {

  private static final String CARD = "4111 1111 1111 1111";
  private static final String EMAIL = "angler.ivanov@plotva.ru";
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

  private static String encode(Object... arguments) {
    LoggerContext context = new LoggerContext();
    Logger logger = context.getLogger("dev.o11y.shop.Orders");
    LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.INFO, "order placed", null, arguments);
    Map<String, String> mdc = new LinkedHashMap<>();
    mdc.put("trace_id", TRACE_ID);
    mdc.put("span_id", "00f067aa0ba902b7");
    event.setMDCPropertyMap(mdc);
    event.addKeyValuePair(new KeyValuePair("buyer", Map.of("trace_id", EMAIL, "message", CARD)));
    return new String(O11yJsonAppender.create(context).getEncoder().encode(event), StandardCharsets.UTF_8);
  }

  @Test
  void entriesNamedLikeTheLinesFieldsAreMasked() {
    String line = encode(StructuredArguments.entries(Map.of("trace_id", CARD, "level", EMAIL)));

    assertThat(line).doesNotContain(CARD).doesNotContain(EMAIL);
    JsonNode parsed = CapturedLogs.parse(line);
    assertThat(parsed.get("message").asString()).isEqualTo("order placed");
    assertThat(parsed.get("trace_id").asString()).isEqualTo(TRACE_ID);
    assertThat(parsed.get("app.trace_id").asString()).contains("****");
    assertThat(parsed.get("app.level").asString()).isEqualTo("****");
  }

  @Test
  void fieldsOfTheApplicationsObjectsAreMaskedWhateverTheirName() {
    String line = encode(StructuredArguments.keyValue("order", Map.of("span_id", CARD, "level", EMAIL)));

    assertThat(line).doesNotContain(CARD).doesNotContain(EMAIL);
    JsonNode parsed = CapturedLogs.parse(line);
    assertThat(parsed.get("order").get("span_id").asString()).isNotEqualTo(CARD).contains("****");
    assertThat(parsed.get("buyer").get("trace_id").asString()).isNotEqualTo(EMAIL);
  }

  /** Names the SDK uses elsewhere (span attributes) but never writes on a line get no pass either. */
  @Test
  void otherSdkNamesAreTheApplicationsOnALine() {
    LoggerContext context = new LoggerContext();
    LoggingEvent event = new LoggingEvent(Logger.class.getName(), context.getLogger("dev.o11y.shop.Orders"),
        Level.INFO, "order placed", null, null);
    event.setMDCPropertyMap(Map.of("span_name", CARD)); // written by hand: no arguments, no pairs
    String handWritten = new String(O11yJsonAppender.create(context).getEncoder().encode(event), StandardCharsets.UTF_8);
    event.addKeyValuePair(new KeyValuePair("pyroscope.profile.id", EMAIL)); // now through logstash
    String throughLogstash = new String(O11yJsonAppender.create(context).getEncoder().encode(event), StandardCharsets.UTF_8);

    assertThat(handWritten).doesNotContain(CARD).contains("\"span_name\"");
    assertThat(throughLogstash).doesNotContain(CARD).doesNotContain(EMAIL).contains("\"pyroscope.profile.id\"");
  }

  @Test
  void theLinesOwnFieldsStayAsTheEncoderWroteThem() {
    JsonNode parsed = CapturedLogs.parse(encode(StructuredArguments.keyValue("order", "k-1")));

    assertThat(parsed.get("trace_id").asString()).isEqualTo(TRACE_ID);
    assertThat(parsed.get("level").asString()).isEqualTo("INFO");
    assertThat(parsed.get("order").asString()).isEqualTo("k-1");
  }

  /**
   * The {@code request_id} the encoder leaves as it is, because it is the very id the current
   * context carries ({@link RequestIdKey} keeps only ids masking would not change), is the only one: a
   * {@code request_id} the application put in the MDC itself is masked.
   */
  @Test
  void aRequestIdTheApplicationPutInTheMdcIsMasked() {
    String applications;
    try (Scope ignored = RequestIdKey.with(Context.root(), "req-42").makeCurrent()) {
      assertThat(CapturedLogs.parse(lineWithMdc(Map.of("request_id", RequestIdKey.from(Context.current()))))
          .get("request_id").asString()).isEqualTo("req-42");
      applications = lineWithMdc(Map.of("request_id", CARD));
    }
    assertThat(applications).doesNotContain(CARD);
    assertThat(CapturedLogs.parse(applications).get("request_id").asString()).contains("****");
  }

  private static String lineWithMdc(Map<String, String> mdc) {
    LoggerContext context = new LoggerContext();
    LoggingEvent event = new LoggingEvent(Logger.class.getName(), context.getLogger("dev.o11y.shop.Orders"),
        Level.INFO, "order placed", null, null);
    event.setMDCPropertyMap(mdc);
    return new String(O11yJsonAppender.create(context).getEncoder().encode(event), StandardCharsets.UTF_8);
  }
}
