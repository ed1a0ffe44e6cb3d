package dev.o11y.sdk.spring.internal;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import dev.o11y.sdk.O11y;
import dev.o11y.sdk.internal.SdkInternals;
import dev.o11y.sdk.internal.UrlRedaction;
import dev.o11y.sdk.internal.logging.O11yJsonEncoder;
import dev.o11y.sdk.internal.profiling.ProfilingState;
import dev.o11y.sdk.internal.tracing.SpanExportGate;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import net.logstash.logback.encoder.CompositeJsonEncoder;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.ClassUtils;

/** Checks, per signal, that it is wired and working right now; backs {@code /actuator/o11y}. */
public final class SelfCheck {

  private static final String PROBE_TRACE = "0af7651916cd43dd8448eb211c80319c";
  private static final String PROBE_SPAN = "b7ad6b7169203331";

  private final O11y o11y;
  private final ObjectProvider<io.prometheus.metrics.tracer.common.SpanContext> exemplars;
  private final SharedProbe probe;

  public SelfCheck(O11y o11y, ObjectProvider<io.prometheus.metrics.tracer.common.SpanContext> exemplars) {
    this.o11y = o11y;
    this.exemplars = exemplars;
    OtlpProbe otlp = new OtlpProbe();
    this.probe = new SharedProbe(() -> otlp.probe(o11y.otlpTracesUrl(), o11y.otlpProtocol()));
  }

  /** {@code status} is UP when every wired signal works; the map holds one entry per signal. */
  public Map<String, Object> run() {
    Map<String, Object> traces = traces();
    Map<String, Object> logs = logs();
    Map<String, Object> metrics = Map.of("wired", true, "exemplars", exemplars.getIfAvailable() != null,
        "registry", o11y.meterRegistry().getClass().getSimpleName());
    Map<String, Object> profiling = profiling(o11y);
    Map<String, Object> kafka = Map.of("wrappers",
        ClassUtils.isPresent("dev.o11y.sdk.kafka.KafkaO11y", getClass().getClassLoader()));
    boolean up = Boolean.TRUE.equals(traces.get("ok")) && Boolean.TRUE.equals(logs.get("mdc"));
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("status", up ? "UP" : "DOWN");
    result.put("service", o11y.serviceName());
    result.put("traces", traces);
    result.put("metrics", metrics);
    result.put("logs", logs);
    result.put("profiling", profiling);
    result.put("kafka", kafka);
    return result;
  }

  /**
   * Running, off because its start failed (and why: the platform, the native library; never a
   * credential of the URL), or not configured. A failed start is reported, not hidden as "not
   * configured", so whoever checks sees why there are no profiles.
   */
  private static Map<String, Object> profiling(O11y o11y) {
    String failure = SdkInternals.profilingFailure(o11y);
    String detail;
    if (failure != null) {
      detail = "failed to start, profiling is off: " + failure;
    } else if (ProfilingState.active()) {
      detail = "pyroscope agent running";
    } else {
      detail = SdkInternals.profilingConfigured(o11y) ? "pyroscope agent stopped" : "not configured";
    }
    return Map.of("attached", failure == null && ProfilingState.active(), "detail", detail);
  }

  private Map<String, Object> traces() {
    Map<String, Object> traces = new LinkedHashMap<>();
    SpanExportGate gate = SdkInternals.exportGate(o11y);
    traces.put("wired", true);
    String otlpEndpoint = o11y.otlpTracesUrl();
    traces.put("endpoint", UrlRedaction.withoutCredentials(otlpEndpoint));
    traces.put("exported", gate.exported());
    traces.put("dropped", gate.dropped());
    traces.put("lastExportSucceeded", gate.lastExportSucceeded());
    String protocol = o11y.otlpProtocol();
    if (otlpEndpoint == null) {
      traces.put("ok", true);
      traces.put("detail", "export disabled");
    } else {
      OtlpProbe.Result result = probe.get();
      // the probe is a plain client: a collector behind a custom CA, mTLS or a proxy is out of its
      // reach while the exporter, which has those settings, delivers; nothing exported yet proves
      // nothing, the gate starts out reporting success. A gRPC port that accepts a connection says
      // less than an HTTP collector that accepts an empty export, so it also needs exports not failing
      boolean exportsSucceed = gate.exported() > 0 && gate.lastExportSucceeded();
      boolean grpc = "grpc".equals(protocol);
      if (grpc) {
        traces.put("protocol", protocol);
      }
      traces.put("exporterReachable", result.reachable());
      traces.put("detail", result.reachable() || !exportsSucceed ? result.detail()
          : "the probe could not reach the collector (" + result.detail() + ") but exports succeed; "
              + "the probe has none of the exporter's TLS, proxy or header settings");
      traces.put("ok", exportsSucceed || result.reachable() && (!grpc || gate.lastExportSucceeded()));
    }
    return traces;
  }

  private static Map<String, Object> logs() {
    Map<String, Object> logs = new LinkedHashMap<>();
    // a non-recording probe span: proves the MDC follows the context without exporting anything
    SpanContext probe = SpanContext.create(PROBE_TRACE, PROBE_SPAN, TraceFlags.getDefault(), TraceState.getDefault());
    boolean mdc;
    try (Scope ignored = Context.root().with(Span.wrap(probe)).makeCurrent()) {
      mdc = PROBE_TRACE.equals(MDC.get("trace_id"));
    }
    logs.put("mdc", mdc);
    logs.put("json", jsonAppenderAttached());
    return logs;
  }

  private static boolean jsonAppenderAttached() {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return false;
    }
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    for (Iterator<Appender<ch.qos.logback.classic.spi.ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
      // the SDK's own encoder, or logstash's that an application's logback file may use
      if (it.next() instanceof OutputStreamAppender<?> appender
          && (appender.getEncoder() instanceof O11yJsonEncoder || appender.getEncoder() instanceof CompositeJsonEncoder)) {
        return true;
      }
    }
    return false;
  }
}
