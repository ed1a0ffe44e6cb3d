package dev.o11y.sdk.internal.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.joran.spi.JoranException;
import dev.o11y.sdk.testing.CapturedLogs;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.logstash.logback.argument.StructuredArguments;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

/**
 * The JSON appender exists twice: {@code o11y/logback-json.xml} for users' own logback files, and
 * {@link O11yJsonAppender} for the SDK's default logging. The same event through both must give the
 * same line: same fields in the same order, masked alike.
 */
class JsonAppenderDefinitionsTest {

  private static final String PASSWORD = "hunter2-Sup3r";
  private static final String EMAIL = "angler.ivanov@plotva.ru";
  private static final String CARD = "4111 1111 1111 1111";

  /** One place in the stack, so both lines carry the same trace; the token in it must be masked. */
  private static final IllegalStateException FAILURE = new IllegalStateException("token=" + PASSWORD);

  static {
    FAILURE.setStackTrace(new StackTraceElement[] {new StackTraceElement("dev.o11y.shop.Checkout", "login",
        "Checkout.java", 42)});
  }

  @Test
  void theXmlIncludeAndTheCodeBuiltAppenderWriteTheSameLine() {
    String fromXml = encode(xmlAppender(new LoggerContext()));
    String fromCode = encode(O11yJsonAppender.create(new LoggerContext()));

    assertThat(fieldNames(fromCode)).containsExactly("@timestamp", "level", "logger_name", "thread_name", "message",
        "service", "env", "version", "trace_id", "span_id", "trace_flags", "operation", "user_email", "cart",
        "email", "card", "stack_trace");
    assertThat(fromCode).isEqualTo(fromXml);
    for (String secret : List.of(PASSWORD, EMAIL, CARD)) {
      assertThat(fromCode).as("'%s' leaked", secret).doesNotContain(secret);
    }
    assertThat(CapturedLogs.parse(fromCode).get("message").asString()).isEqualTo("login password=**** for cart k-1");
    assertThat(CapturedLogs.parse(fromCode).get("stack_trace").asString()).startsWith("java.lang.IllegalStateException: token=****");
  }

  /** One event with something for every provider: MDC, key/value pair, structured argument, stack trace. */
  private static String encode(OutputStreamAppender<ILoggingEvent> appender) {
    LoggerContext context = (LoggerContext) appender.getContext();
    Logger logger = context.getLogger("dev.o11y.shop.Checkout");
    LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.WARN, "login password={} for cart {}",
        FAILURE, new Object[] {PASSWORD, "k-1",
            StructuredArguments.keyValue("card", CARD)});
    event.setThreadName("http-nio-8080-exec-1");
    event.setInstant(Instant.parse("2026-11-21T10:15:30.123456789Z"));
    Map<String, String> mdc = new LinkedHashMap<>();
    mdc.put("user_email", EMAIL);
    mdc.put("cart", "k-1");
    mdc.put("operation", "checkout");
    mdc.put("trace_flags", "01");
    mdc.put("span_id", "00f067aa0ba902b7");
    mdc.put("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736");
    event.setMDCPropertyMap(mdc);
    event.addKeyValuePair(new KeyValuePair("email", EMAIL));
    return new String(appender.getEncoder().encode(event), StandardCharsets.UTF_8);
  }

  @SuppressWarnings("unchecked")
  private static ConsoleAppender<ILoggingEvent> xmlAppender(LoggerContext context) {
    JoranConfigurator joran = new JoranConfigurator();
    joran.setContext(context);
    try {
      joran.doConfigure(new ByteArrayInputStream(
          "<configuration><include resource=\"o11y/logback-json.xml\"/></configuration>".getBytes(StandardCharsets.UTF_8)));
    } catch (JoranException e) {
      throw new AssertionError(e);
    }
    return (ConsoleAppender<ILoggingEvent>) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(O11yJsonAppender.NAME);
  }

  private static List<String> fieldNames(String line) {
    List<String> names = new ArrayList<>();
    CapturedLogs.parse(line).properties().forEach(field -> names.add(field.getKey()));
    return names;
  }
}
