package dev.o11y.sdk.internal.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.EncoderBase;
import dev.o11y.sdk.internal.SecretMasker;
import dev.o11y.sdk.internal.context.MdcCorrelation;
import dev.o11y.sdk.internal.context.RequestIdKey;
import io.opentelemetry.context.Context;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.logstash.logback.argument.StructuredArgument;
import net.logstash.logback.composite.AbstractFieldJsonProvider;
import net.logstash.logback.composite.loggingevent.LogLevelJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggerNameJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggingEventFormattedTimestampJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggingEventJsonProviders;
import net.logstash.logback.composite.loggingevent.LoggingEventThreadNameJsonProvider;
import net.logstash.logback.composite.loggingevent.MessageJsonProvider;
import net.logstash.logback.composite.loggingevent.StackTraceJsonProvider;
import net.logstash.logback.encoder.LoggingEventCompositeJsonEncoder;
import net.logstash.logback.mask.MaskingJsonGeneratorDecorator;
import org.slf4j.event.KeyValuePair;

/**
 * The SDK's JSON line. Most lines are a message with the MDC, and those are written by hand
 * ({@link JsonLineWriter}), masking only what can carry user data: a line through
 * logstash-logback-encoder's composite encoder and masking decorator cost about 1.7 times a plain
 * {@code LogstashEncoder} line, most of it in the generic machinery. A line with a stack trace, SLF4J
 * key/value pairs or logstash structured arguments still goes through that composite encoder
 * ({@link #logstashEncoder}), with the same fields in the same order; {@code O11yJsonEncoderTest}
 * holds the two to the same bytes for every line the hand-written path takes.
 */
public final class O11yJsonEncoder extends EncoderBase<ILoggingEvent> {

  /** The event's fields; the resource and MDC fields follow, the stack trace ends a line. */
  static final String TIMESTAMP = "@timestamp";
  static final String LEVEL = "level";
  static final String LOGGER_NAME = "logger_name";
  static final String THREAD_NAME = "thread_name";
  static final String MESSAGE = "message";
  static final String STACK_TRACE = "stack_trace";

  private static final byte[] TIMESTAMP_FIELD = ascii("{\"" + TIMESTAMP + "\":");
  private static final byte[] LEVEL_FIELD = ascii(",\"" + LEVEL + "\":");
  private static final byte[] LOGGER_NAME_FIELD = ascii(",\"" + LOGGER_NAME + "\":");
  private static final byte[] THREAD_NAME_FIELD = ascii(",\"" + THREAD_NAME + "\":");
  private static final byte[] MESSAGE_FIELD = ascii(",\"" + MESSAGE + "\":");
  private static final byte[] END = ascii("}" + System.lineSeparator());

  private final ThreadLocal<LineState> lines = ThreadLocal.withInitial(LineState::new);
  private final LoggingEventCompositeJsonEncoder logstash = logstashEncoder();
  private volatile ResourceFields resourceFields = new ResourceFields(null, new byte[0]);

  @Override
  public void start() {
    logstash.setContext(getContext());
    logstash.start();
    super.start();
  }

  @Override
  public void stop() {
    logstash.stop();
    super.stop();
  }

  @Override
  public byte[] headerBytes() {
    return null;
  }

  @Override
  public byte[] footerBytes() {
    return null;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    String message = event.getFormattedMessage();
    String threadName = event.getThreadName();
    if (message == null || threadName == null || needsLogstash(event)) {
      return logstash.encode(event);
    }
    return writeByHand(event, message, threadName);
  }

  /** The line of an event that has no stack trace, key/value pairs or structured arguments. */
  byte[] writeByHand(ILoggingEvent event, String message, String threadName) {
    LineState state = lines.get();
    JsonLineWriter line = state.writer.reset();
    line.raw(TIMESTAMP_FIELD).timestamp(event.getInstant())
        .raw(LEVEL_FIELD).string(event.getLevel().levelStr)
        .raw(LOGGER_NAME_FIELD).string(event.getLoggerName())
        .raw(THREAD_NAME_FIELD).string(state.maskedThreadName(threadName))
        .raw(MESSAGE_FIELD).string(SecretMasker.mask(message));
    LogFields.Values fields = LogFields.current();
    line.raw(resourceFields(fields));
    writeMdc(line, event.getMDCPropertyMap(), fields);
    return line.raw(END).toByteArray();
  }

  /** What only logstash's providers write: stack traces, key/value pairs, structured arguments. */
  private static boolean needsLogstash(ILoggingEvent event) {
    if (event.getThrowableProxy() != null) {
      return true;
    }
    List<KeyValuePair> pairs = event.getKeyValuePairs();
    if (pairs != null && !pairs.isEmpty()) {
      return true;
    }
    Object[] arguments = event.getArgumentArray();
    if (arguments != null) {
      for (Object argument : arguments) {
        if (argument instanceof StructuredArgument) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Correlation fields first, as {@link CorrelationMdcJsonProvider} writes them, then the
   * application's keys with their values masked as the decorator masks them. Only the correlation
   * fields the SDK itself puts in the MDC are written unmasked: an application key spelt like
   * another SDK name ({@code span_name}) is masked like any other.
   */
  private static void writeMdc(JsonLineWriter line, Map<String, String> mdc, LogFields.Values fields) {
    if (mdc == null || mdc.isEmpty()) {
      return;
    }
    var conventions = fields.conventions();
    for (String key : CorrelationMdcJsonProvider.CORRELATION_KEYS) {
      String value = mdc.get(key);
      if (value != null && conventions.allowsKey(key)) {
        line.raw(',').string(key).raw(':').string(value);
      }
    }
    for (Map.Entry<String, String> entry : mdc.entrySet()) {
      String key = entry.getKey();
      String value = entry.getValue();
      if (key == null || value == null || CorrelationMdcJsonProvider.isCorrelationKey(key) || !conventions.allowsKey(key)) {
        continue;
      }
      String name = CorrelationMdcJsonProvider.applicationFieldName(key);
      String published = isOwnRequestId(key, value) ? value : SecretMasker.maskApplicationValue(name, value);
      line.raw(',').string(name).raw(':').string(published);
    }
  }

  /**
   * The request id the SDK put in this thread's MDC from the current context: one it generated or
   * accepted only because masking leaves it as it is ({@link RequestIdKey}), so masking it again on
   * every line would find nothing. The same instance, not an equal string: a {@code request_id} the
   * application put there itself is masked like its other keys, and so is every request id when the
   * line is encoded on another thread (an async appender), where the request's context is not current.
   */
  private static boolean isOwnRequestId(String key, String value) {
    return key.equals(MdcCorrelation.REQUEST_ID) && value == RequestIdKey.from(Context.current());
  }

  /**
   * What a thread reuses from line to line: its writer, and the masked name of the thread whose
   * lines it encodes, which is nearly always the same thread, by the same String instance.
   */
  private static final class LineState {
    final JsonLineWriter writer = new JsonLineWriter();
    private String threadName;
    private String maskedThreadName;

    String maskedThreadName(String name) {
      if (name != threadName) {
        maskedThreadName = SecretMasker.mask(name);
        threadName = name;
      }
      return maskedThreadName;
    }
  }

  /** {@code ,"service":…,"env":…,"version":…} as {@link ResourceJsonProvider} writes them, encoded once per settings. */
  private byte[] resourceFields(LogFields.Values fields) {
    ResourceFields cached = resourceFields;
    if (cached.values != fields) {
      JsonLineWriter encoded = new JsonLineWriter();
      field(encoded, fields, ResourceJsonProvider.SERVICE, fields.service());
      field(encoded, fields, ResourceJsonProvider.ENV, fields.env());
      field(encoded, fields, ResourceJsonProvider.VERSION, fields.version());
      cached = new ResourceFields(fields, encoded.toByteArray());
      resourceFields = cached;
    }
    return cached.bytes;
  }

  private static void field(JsonLineWriter line, LogFields.Values fields, String key, String value) {
    if (fields.conventions().allowsKey(key)) {
      line.raw(',').string(key).raw(':').string(value);
    }
  }

  private record ResourceFields(LogFields.Values values, byte[] bytes) {}

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /** The same line through logstash-logback-encoder: the SDK's providers, in order, and its masking. */
  static LoggingEventCompositeJsonEncoder logstashEncoder() {
    LoggingEventCompositeJsonEncoder encoder = new LoggingEventCompositeJsonEncoder();
    encoder.setProviders(providers());
    encoder.addDecorator(maskingDecorator());
    return encoder;
  }

  private static LoggingEventJsonProviders providers() {
    LoggingEventJsonProviders providers = new LoggingEventJsonProviders();
    LoggingEventFormattedTimestampJsonProvider timestamp = named(new LoggingEventFormattedTimestampJsonProvider(), TIMESTAMP);
    timestamp.setTimeZone("UTC");
    providers.addTimestamp(timestamp);
    providers.addLogLevel(named(new LogLevelJsonProvider(), LEVEL));
    providers.addLoggerName(named(new LoggerNameJsonProvider(), LOGGER_NAME));
    providers.addThreadName(named(new LoggingEventThreadNameJsonProvider(), THREAD_NAME));
    providers.addMessage(named(new MessageJsonProvider(), MESSAGE));
    providers.addProvider(new ResourceJsonProvider());
    providers.addProvider(new CorrelationMdcJsonProvider());
    providers.addKeyValuePairs(new ApplicationKeyValuePairsJsonProvider());
    providers.addProvider(new StructuredArgumentsJsonProvider());
    providers.addStackTrace(named(new StackTraceJsonProvider(), STACK_TRACE));
    return providers;
  }

  private static <P extends AbstractFieldJsonProvider<ILoggingEvent>> P named(P provider, String fieldName) {
    provider.setFieldName(fieldName);
    return provider;
  }

  /** The encoder does not start its decorators. */
  private static MaskingJsonGeneratorDecorator maskingDecorator() {
    MaskingJsonGeneratorDecorator masking = new MaskingJsonGeneratorDecorator();
    masking.addValueMasker(new SecretValueMasker());
    masking.start();
    return masking;
  }
}
