package dev.o11y.benchmarks;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.joran.spi.JoranException;
import dev.o11y.sdk.internal.context.MdcCorrelation;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import net.logstash.logback.encoder.LogstashEncoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.MDC;

/**
 * One INFO line with one argument, encoded to JSON and written to a stream that only counts bytes:
 * the SDK's {@code o11y/logback-json.xml} (its encoder, resource fields and secret masking) against
 * plain logstash-logback-encoder, each with the SDK's trace fields in the MDC and without. The cost
 * is the caller's: level check, event, MDC copy, encoding and the write under the appender's lock.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class LogLineOverhead {

  @Benchmark
  public void logLineSdkJson(SdkJson state) {
    state.logger.info("priced order {}", state.next++);
  }

  @Benchmark
  public void logLineLogstash(Logstash state) {
    state.logger.info("priced order {}", state.next++);
  }

  @Benchmark
  @Fork(value = 1, jvmArgsAppend = {
    AgentOverhead.AGENT, AgentOverhead.NO_TRACE_EXPORT, AgentOverhead.NO_METRIC_EXPORT,
    AgentOverhead.NO_LOG_EXPORT, "-Dotel.traces.sampler=always_on"
  })
  public void logLineLogstashUnderAgent(LogstashUnderAgent state) {
    state.logger.info("priced order {}", state.next++);
  }

  /** Less than any JSON line with a timestamp, level, logger and message. */
  private static final int MIN_LINE_BYTES = 50;

  @State(Scope.Thread)
  public abstract static class Line {
    private final CountingOutputStream out = new CountingOutputStream();
    private LoggerContext context;
    private OutputStreamAppender<ILoggingEvent> appender;
    Logger logger;
    long next = 1;

    /** The appender under test, started and attached to the root logger of {@code context}. */
    abstract OutputStreamAppender<ILoggingEvent> appender(LoggerContext context);

    /** Sets up this thread's trace correlation; returns the trace id every line must carry, or null. */
    abstract String correlate();

    /** Undoes {@link #correlate()}. */
    void uncorrelate() {
      MDC.clear();
    }

    @Setup(Level.Trial)
    public void setUp() {
      context = new LoggerContext();
      context.setMDCAdapter(MDC.getMDCAdapter());
      appender = appender(context);
      logger = context.getLogger(LogLineOverhead.class);
      checkOneLine(correlate());
      appender.setOutputStream(out);
    }

    /** Fails the fork unless a line is JSON with the message and, exactly when expected, the trace id. */
    private void checkOneLine(String traceId) {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      appender.setOutputStream(line);
      logger.info("priced order {}", 0);
      String json = line.toString(StandardCharsets.UTF_8);
      if (!json.startsWith("{") || !json.contains("\"priced order 0\"")) {
        throw new IllegalStateException("the appender did not encode a JSON line: " + json);
      }
      if (traceId != null ? !json.contains("\"trace_id\":\"" + traceId + "\"") : json.contains("trace_id")) {
        throw new IllegalStateException("expected trace_id " + traceId + " in: " + json);
      }
    }

    @TearDown(Level.Trial)
    public void checkWrittenAndStop() {
      try {
        long lines = next - 1;
        if (lines == 0 || out.bytes < MIN_LINE_BYTES * lines) {
          throw new IllegalStateException("only " + out.bytes + " bytes for " + lines + " lines: nothing was encoded");
        }
      } finally {
        uncorrelate();
        context.stop();
      }
    }
  }

  /** Correlation the SDK's way: its four fields put in the MDC when a span becomes current. */
  @State(Scope.Thread)
  public abstract static class MdcLine extends Line {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    /** Whether the SDK's correlation fields are in the MDC, as inside a {@code @Monitored} call. */
    @Param({"true", "false"})
    boolean traceInMdc;

    @Override
    String correlate() {
      if (!traceInMdc) {
        return null;
      }
      MDC.put(MdcCorrelation.TRACE_ID, TRACE_ID);
      MDC.put(MdcCorrelation.SPAN_ID, "00f067aa0ba902b7");
      MDC.put(MdcCorrelation.TRACE_FLAGS, "01");
      MDC.put(MdcCorrelation.OPERATION, "price");
      return TRACE_ID;
    }
  }

  /** The SDK's JSON layout, loaded from the same include a user puts in logback.xml. */
  @State(Scope.Thread)
  public static class SdkJson extends MdcLine {
    private static final String CONFIGURATION =
        "<configuration><include resource=\"o11y/logback-json.xml\"/></configuration>";

    @Override
    @SuppressWarnings("unchecked")
    OutputStreamAppender<ILoggingEvent> appender(LoggerContext context) {
      JoranConfigurator joran = new JoranConfigurator();
      joran.setContext(context);
      try {
        joran.doConfigure(new ByteArrayInputStream(CONFIGURATION.getBytes(StandardCharsets.UTF_8)));
      } catch (JoranException e) {
        throw new IllegalStateException("o11y/logback-json.xml did not load", e);
      }
      // the include's ConsoleAppender: same encoder, its stream swapped for the counting one
      var json = (OutputStreamAppender<ILoggingEvent>) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("O11Y_JSON");
      if (json == null || !json.isStarted()) {
        throw new IllegalStateException("o11y/logback-json.xml defines no started O11Y_JSON appender");
      }
      return json;
    }
  }

  /** logstash-logback-encoder's {@code LogstashEncoder} with its defaults: the usual JSON baseline. */
  @State(Scope.Thread)
  public static class Logstash extends MdcLine {
    @Override
    OutputStreamAppender<ILoggingEvent> appender(LoggerContext context) {
      return logstashAppender(context);
    }
  }

  /**
   * The same encoder in a JVM running the OpenTelemetry agent, with a span current and the MDC
   * empty: the agent's logback instrumentation adds {@code trace_id}, {@code span_id} and
   * {@code trace_flags} to each event's MDC map as the line is built, so correlation costs per log
   * line rather than per span. The fork fails unless the agent's fields reach the line.
   */
  @State(Scope.Thread)
  public static class LogstashUnderAgent extends Line {
    private io.opentelemetry.context.Scope scope;
    private Span span;

    @Override
    OutputStreamAppender<ILoggingEvent> appender(LoggerContext context) {
      return logstashAppender(context);
    }

    @Override
    String correlate() {
      span = GlobalOpenTelemetry.getTracer("bench").spanBuilder("request").startSpan();
      scope = span.makeCurrent();
      SpanContext current = Span.current().getSpanContext();
      if (!current.isValid()) {
        throw new IllegalStateException("no valid span: the OpenTelemetry agent is not attached to this fork");
      }
      return current.getTraceId();
    }

    @Override
    void uncorrelate() {
      scope.close();
      span.end();
    }
  }

  private static OutputStreamAppender<ILoggingEvent> logstashAppender(LoggerContext context) {
    LogstashEncoder encoder = new LogstashEncoder();
    encoder.setContext(context);
    encoder.start();
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setName("LOGSTASH");
    appender.setEncoder(encoder);
    appender.setOutputStream(OutputStream.nullOutputStream());
    appender.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
    return appender;
  }

  /** Discards what it is given and counts it, so tear-down can tell that lines were really written. */
  private static final class CountingOutputStream extends OutputStream {
    long bytes;

    @Override
    public void write(int b) {
      bytes++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      bytes += len;
    }
  }
}
