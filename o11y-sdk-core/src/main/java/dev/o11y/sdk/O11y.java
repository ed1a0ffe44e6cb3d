package dev.o11y.sdk;

import dev.o11y.sdk.internal.Conventions;
import dev.o11y.sdk.internal.InterceptionReport;
import dev.o11y.sdk.internal.Instrumenter;
import dev.o11y.sdk.internal.MonitoredProxies;
import dev.o11y.sdk.internal.NonBlank;
import dev.o11y.sdk.internal.Operation;
import dev.o11y.sdk.internal.OperationRegistry;
import dev.o11y.sdk.internal.Objectives;
import dev.o11y.sdk.internal.SdkErrors;
import dev.o11y.sdk.internal.SdkInternals;
import dev.o11y.sdk.internal.UrlRedaction;
import dev.o11y.sdk.internal.ServiceIdentity;
import dev.o11y.sdk.internal.ShutdownDeadline;
import dev.o11y.sdk.internal.Sneaky;
import dev.o11y.sdk.internal.StartedParts;
import dev.o11y.sdk.internal.context.MdcContextStorage;
import dev.o11y.sdk.internal.logging.LogFields;
import dev.o11y.sdk.internal.logging.OtelJulBridge;
import dev.o11y.sdk.internal.metrics.BuildInfo;
import dev.o11y.sdk.internal.metrics.CardinalityLimitFilter;
import dev.o11y.sdk.internal.metrics.DeniedKeysMeterFilter;
import dev.o11y.sdk.internal.metrics.ExemplarsOnBucketsOnly;
import dev.o11y.sdk.internal.metrics.MetricNames;
import dev.o11y.sdk.internal.metrics.OtelExemplarSpanContext;
import dev.o11y.sdk.internal.metrics.TickingWallClock;
import dev.o11y.sdk.internal.profiling.ProfilingSettings;
import dev.o11y.sdk.internal.profiling.PyroscopeProfiler;
import dev.o11y.sdk.internal.tracing.ResourceAttributes;
import dev.o11y.sdk.internal.tracing.SpanExportGate;
import dev.o11y.sdk.internal.tracing.TracingFactory;
import dev.o11y.sdk.internal.tracing.TracingShutdown;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SDK: one instance per service. Builds one OpenTelemetry SDK and one Prometheus meter registry
 * and ties metrics, spans and logs of every monitored call together.
 *
 * <pre>{@code
 * try (O11y o11y = O11y.builder().serviceName("orders").build()) {
 *   Orders orders = o11y.instrument(Orders.class, new OrdersImpl());
 *   orders.find(42);                       // span + RED metrics + trace_id in every log line
 *   o11y.observe("nightly-sync", () -> sync());
 *   System.out.println(o11y.scrape());     // Prometheus/OpenMetrics text with exemplars
 * }
 * }</pre>
 */
public final class O11y implements AutoCloseable {

  static {
    // must run before anything touches the OTel context, so every attach/detach carries the MDC
    MdcContextStorage.register();
    OtelJulBridge.install();
    SdkInternals.grant(new InternalsAccess());
  }

  private static final Logger log = LoggerFactory.getLogger(O11y.class);
  private static final String OPENMETRICS = OpenMetricsTextFormatWriter.CONTENT_TYPE;
  /** The default {@link Builder#shutdownTimeout}: a small share of a pod's usual 30 s grace period. */
  static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration MAX_SHUTDOWN_TIMEOUT = Duration.ofMinutes(10);

  private final Settings settings;
  private final OpenTelemetrySdk openTelemetry;
  private final SpanExportGate exportGate;
  private final TracingShutdown tracingShutdown;
  private final PrometheusMeterRegistry meterRegistry;
  private final boolean ownsMeterRegistry;
  /** The clock of the registry o11y created, null when the application passed its own registry. */
  private final TickingWallClock metricsClock;
  private final SdkErrors errors = new SdkErrors();
  private final InterceptionReport interceptionReport = new InterceptionReport();
  private final OperationRegistry operations;
  private final Instrumenter instrumenter;
  private final MonitoredProxies proxies;
  /** The profiler, or null: typed as AutoCloseable so no profiler class loads when it is off. */
  private final AutoCloseable profiler;
  /** Why profiling is off although a URL was set (no credentials in it), or null. */
  private final String profilingFailure;
  private final Thread shutdownHook;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final TracingFactory.OtlpTarget otlp;

  /**
   * All or nothing: when a step fails, what the steps before it started is stopped again, last first,
   * and the failure reaches the caller unchanged (failures to stop are suppressed onto it).
   */
  private static O11y start(Settings settings) {
    StartedParts started = new StartedParts();
    try {
      return new O11y(settings, started);
    } catch (Throwable failure) {
      throw Sneaky.rethrow(started.stopAll(failure));
    }
  }

  /** Each step that starts something adds its stop to {@code started}, see {@link #start}. */
  private O11y(Settings settings, StartedParts started) {
    this.settings = settings;
    Conventions conventions = settings.conventions;

    this.ownsMeterRegistry = settings.meterRegistry == null;
    this.metricsClock = ownsMeterRegistry ? started.add(TickingWallClock.start()) : null;
    this.meterRegistry = ownsMeterRegistry
        ? new PrometheusMeterRegistry(
            ExemplarsOnBucketsOnly.CONFIG, new PrometheusRegistry(), metricsClock, new OtelExemplarSpanContext())
        : settings.meterRegistry;
    if (ownsMeterRegistry) {
      started.add(meterRegistry::close);
    }
    CardinalityLimitFilter limiter = new CardinalityLimitFilter(
        settings.seriesLimit, Set.of(MetricNames.SERVICE, MetricNames.ENV), this::exposedName);
    meterRegistry.config()
        .commonTags(MetricNames.SERVICE, settings.serviceName, MetricNames.ENV, settings.environment)
        .meterFilter(new DeniedKeysMeterFilter(conventions))
        .meterFilter(limiter);
    limiter.onFirstOverflow((metric, count) ->
        FunctionCounter.builder(MetricNames.CARDINALITY_OVERFLOW, count, c -> c.get())
            .description("Label values folded into _other_ because a metric reached its series limit")
            .tag("metric", metric)
            .register(meterRegistry));

    TracingFactory.Tracing tracing = TracingFactory.create(new TracingFactory.TracingSettings(
        settings.serviceName, settings.serviceVersion, settings.environment, settings.otlpEndpoint,
        settings.endpointFromBuilder, settings.sampler, settings.otelProperties, conventions,
        settings.shutdownTimeout), started);
    this.openTelemetry = tracing.sdk();
    this.exportGate = tracing.gate();
    this.tracingShutdown = tracing.shutdown();
    this.otlp = tracing.otlp();

    FunctionCounter.builder(MetricNames.DROPPED_SPANS, exportGate, SpanExportGate::dropped)
        .description("Spans that never reached the collector: queue full, export failed or unsent at close()")
        .register(meterRegistry);
    FunctionCounter.builder(MetricNames.INTERNAL_ERRORS, errors, SdkErrors::count)
        .description("Failures inside o11y-sdk bookkeeping; the application call went on")
        .register(meterRegistry);
    BuildInfo.register(meterRegistry, settings.serviceVersion, settings.commit);

    String exposedDuration = meterRegistry.config().namingConvention()
        .name(MetricNames.OPERATION_DURATION, Meter.Type.TIMER, "seconds");
    this.operations = new OperationRegistry(meterRegistry, conventions, limiter, exposedDuration, errors);
    this.instrumenter = new Instrumenter(
        openTelemetry.getTracer("dev.o11y.sdk", BuildInfo.sdkVersion()), errors, tracing.sampler());
    this.proxies = new MonitoredProxies(operations, instrumenter, interceptionReport);
    if (!instrumenter.mdcFollowsContext()) {
      interceptionReport.add("(MDC across threads)",
          "the OpenTelemetry context was used before O11y was loaded, so trace_id reaches the MDC only"
              + " inside monitored calls, not across o11y.wrap(executor) hops; create O11y earlier");
    }
    started.add(LogFields.set(settings.serviceName, settings.environment, settings.serviceVersion, conventions));
    PyroscopeProfiler profiling = settings.profiling.enabled()
        ? started.add(PyroscopeProfiler.start(settings.profiling, settings.serviceName, settings.environment))
        : null;
    this.profiler = profiling;
    this.profilingFailure = profiling == null ? null : profiling.failure();
    if (profiling != null) {
      FunctionCounter.builder(MetricNames.DROPPED_PROFILES, profiling, PyroscopeProfiler::droppedUploads)
          .description("Profile uploads given up on: the profiling server was down or refused them")
          .register(meterRegistry);
    }

    this.shutdownHook = new Thread(this::closeQuietly, "o11y-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook); // last, so a failed start leaves no hook behind
  }

  /** A builder that starts from the environment ({@code OTEL_SERVICE_NAME}, ...); its setters override. */
  public static Builder builder() {
    return new Builder(System.getenv(), otelSystemProperties());
  }

  /** The {@code otel.*} system properties, which OpenTelemetry ranks above the environment. */
  private static Map<String, String> otelSystemProperties() {
    Map<String, String> properties = new java.util.HashMap<>();
    System.getProperties().forEach((key, value) -> {
      if (key instanceof String name && name.startsWith("otel.") && value instanceof String text && !text.isBlank()) {
        properties.put(name, text);
      }
    });
    return properties;
  }

  /** {@code O11y.builder().build()}: everything from the environment. */
  public static O11y fromEnvironment() {
    return builder().build();
  }

  /**
   * Returns a proxy of {@code iface} that monitors every method governed by {@code @Monitored} on
   * the interface or on the implementation. Methods that the proxy can never reach (private, static,
   * not on the interface) are reported once in {@link #interceptionProblems()} and the log.
   *
   * @throws O11yConfigurationException if an {@code @Slo} is invalid, naming the method
   */
  public <T> T instrument(Class<T> iface, T target) {
    return proxies.instrument(iface, target);
  }

  /**
   * Runs {@code block} as the operation {@code operation}. Exceptions, checked ones included, are
   * rethrown unchanged. A {@link java.util.concurrent.CompletionStage} result ends the operation when
   * it completes. Names are meant to be constant; past the series limit new names fold into
   * {@code _other_}.
   */
  public <T> T observe(String operation, Callable<T> block) {
    Objects.requireNonNull(block, "block");
    Operation resolved = operationNamed(requireName(operation));
    try {
      return resolved == null ? block.call() : instrumenter.invoke(resolved, Callable::call, block);
    } catch (Throwable e) {
      throw Sneaky.rethrow(e);
    }
  }

  /** Runs {@code block} as the operation {@code operation}; see {@link #observe(String, Callable)}. */
  public void observe(String operation, Runnable block) {
    Objects.requireNonNull(block, "block");
    Operation resolved = operationNamed(requireName(operation));
    if (resolved == null) {
      block.run();
      return;
    }
    try {
      instrumenter.invoke(resolved, O11y::runBlock, block);
    } catch (Throwable e) {
      throw Sneaky.rethrow(e);
    }
  }

  /**
   * The operation, or null when making it failed (a convention that throws, a meter the registry
   * refuses): the block then runs uninstrumented and the failure is counted, never thrown at the caller.
   */
  private Operation operationNamed(String name) {
    try {
      return operations.named(name);
    } catch (RuntimeException | LinkageError e) {
      errors.report("operation", e);
      return null;
    }
  }

  private static Object runBlock(Runnable block) {
    block.run();
    return null;
  }

  /** Tasks submitted through the returned executor run in the submitter's trace context and MDC. */
  public Executor wrap(Executor executor) {
    return Context.taskWrapping(executor);
  }

  /** Tasks submitted through the returned executor run in the submitter's trace context and MDC. */
  public ExecutorService wrap(ExecutorService executor) {
    return Context.taskWrapping(executor);
  }

  public MeterRegistry meterRegistry() {
    return meterRegistry;
  }

  public OpenTelemetry openTelemetry() {
    return openTelemetry;
  }

  /**
   * All meters in OpenMetrics text (the Prometheus exposition format with exemplars), as a
   * Prometheus server scraping {@code Accept: application/openmetrics-text} receives it.
   */
  public String scrape() {
    return meterRegistry.scrape(OPENMETRICS);
  }

  /** All meters in the exposition format named by {@code contentType} (e.g. {@code text/plain;version=0.0.4}). */
  public String scrape(String contentType) {
    return meterRegistry.scrape(contentType);
  }

  /** {@code @Monitored} methods that can never be intercepted, with the reason; also logged once. */
  public List<InterceptionProblem> interceptionProblems() {
    return interceptionReport.problems();
  }

  public String serviceName() {
    return settings.serviceName;
  }

  public String environment() {
    return settings.environment;
  }

  /**
   * The OTLP base URL as configured (the builder's, else {@code otel.exporter.otlp.endpoint} /
   * {@code OTEL_EXPORTER_OTLP_ENDPOINT}, else {@code http://localhost:4318}), or {@code null} when
   * export is disabled. Where spans actually go is {@link #otlpTracesUrl()}.
   */
  public String otlpEndpoint() {
    return otlp == null ? null : settings.otlpEndpoint;
  }

  /**
   * The URL spans are exported to, as OpenTelemetry's OTLP exporter resolved it ({@code
   * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} as it is, else the base URL plus {@code /v1/traces} over
   * HTTP), or {@code null} when there is no OTLP export.
   */
  public String otlpTracesUrl() {
    return otlp == null ? null : otlp.url();
  }

  /** The OTLP protocol spans are exported with ({@code http/protobuf}, {@code grpc}...), or {@code null}. */
  public String otlpProtocol() {
    return otlp == null ? null : otlp.protocol();
  }

  /** The most {@link #close()} may take; see {@link Builder#shutdownTimeout}. */
  public Duration shutdownTimeout() {
    return settings.shutdownTimeout;
  }

  /**
   * Flushes pending spans and stops everything this instance started, within the {@linkplain
   * Builder#shutdownTimeout shutdown timeout} (default 2 s) whatever the backends do. Spans not
   * delivered by then are counted in {@code o11y_sdk_dropped_spans_total} and logged once.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // we are the shutdown hook, or the JVM is exiting anyway
    }
    ShutdownDeadline deadline = new ShutdownDeadline(settings.shutdownTimeout);
    long droppedBefore = exportGate.dropped();
    tracingShutdown.begin(); // flushes on the SDK's threads while the profiler stops
    if (profiler != null && !deadline.runBounded("o11y-profiler-stop", this::stopProfiler)) {
      log.warn("o11y-sdk shutdown: the profiler did not stop within the {} budget; it goes on stopping in"
          + " the background", ShutdownDeadline.describe(settings.shutdownTimeout));
    }
    tracingShutdown.finishBy(deadline.nanoTime());
    long undelivered = exportGate.dropped() - droppedBefore;
    if (undelivered > 0) {
      log.warn("o11y-sdk shutdown: {} spans not delivered to the collector (refused, or still unsent when the {}"
          + " budget ran out); counted in o11y_sdk_dropped_spans_total", undelivered,
          ShutdownDeadline.describe(settings.shutdownTimeout));
    }
    if (ownsMeterRegistry) {
      meterRegistry.close();
      metricsClock.close();
    }
  }

  private void stopProfiler() {
    try {
      profiler.close();
    } catch (Exception e) {
      errors.report("profiler stop", e);
    }
  }

  private void closeQuietly() {
    try {
      close();
    } catch (RuntimeException ignored) {
      // the JVM is exiting; nothing to report to
    }
  }

  /** Hands o11y-sdk's own modules the parts they build on, without making them API. */
  private static final class InternalsAccess implements SdkInternals.Access {
    @Override
    public Instrumenter instrumenter(O11y o11y) {
      return o11y.instrumenter;
    }

    @Override
    public OperationRegistry operations(O11y o11y) {
      return o11y.operations;
    }

    @Override
    public InterceptionReport interceptionReport(O11y o11y) {
      return o11y.interceptionReport;
    }

    @Override
    public SpanExportGate exportGate(O11y o11y) {
      return o11y.exportGate;
    }

    @Override
    public boolean profilingConfigured(O11y o11y) {
      return o11y.profiler != null;
    }

    @Override
    public String profilingFailure(O11y o11y) {
      return o11y.profilingFailure;
    }

    @Override
    public ServiceIdentity serviceIdentity(Builder builder) {
      return builder.identity();
    }
  }

  private String exposedName(Meter.Id id) {
    return id.getConventionName(meterRegistry.config().namingConvention());
  }

  private static String requireName(String operation) {
    if (operation == null || operation.isBlank()) {
      throw new IllegalArgumentException("observe(operation, ..): operation name must not be blank");
    }
    return operation;
  }

  /** Builds an {@link O11y}. Starts from environment variables; every setter overrides them. */
  public static final class Builder {

    private final Map<String, String> env;
    private final Map<String, String> otelSystemProperties;
    private String serviceName;
    private String serviceVersion;
    private String environment;
    private String commit;
    private String otlpEndpoint;
    private boolean otlpEndpointSet;
    private int seriesLimit = 1000;
    private Sampler sampler;
    private Map<String, String> otelProperties = Map.of();
    private PrometheusMeterRegistry meterRegistry;
    private String profilingUrl;
    private boolean profilingUrlSet;
    private String profilingEvent;
    private String profilingAlloc;
    private String profilingLock;
    private Duration profilingUploadInterval;
    private Duration shutdownTimeout;
    private Map<String, String> settingKeys = Map.of();
    private final List<O11yConvention> conventions = new ArrayList<>();

    Builder(Map<String, String> env) {
      this(env, Map.of());
    }

    Builder(Map<String, String> env, Map<String, String> otelSystemProperties) {
      this.env = Map.copyOf(env);
      this.otelSystemProperties = Map.copyOf(otelSystemProperties);
    }

    /** Required (here or as {@code OTEL_SERVICE_NAME}): the {@code service} label and {@code service.name}. */
    public Builder serviceName(String serviceName) {
      this.serviceName = serviceName;
      return this;
    }

    /** Default {@code O11Y_VERSION}, else {@code unknown}. */
    public Builder serviceVersion(String serviceVersion) {
      this.serviceVersion = serviceVersion;
      return this;
    }

    /** Deployment environment, e.g. {@code prod}. Default {@code O11Y_ENV}, else {@code unknown}. */
    public Builder environment(String environment) {
      this.environment = environment;
      return this;
    }

    /** VCS commit of the service build, for {@code o11y_build_info}. Default {@code O11Y_COMMIT}. */
    public Builder commit(String commit) {
      this.commit = commit;
      return this;
    }

    /**
     * OTLP/HTTP base URL, e.g. {@code http://collector:4318} (spans go to its {@code /v1/traces});
     * {@code null} or {@code "none"} disables export. Set here, it wins over every {@code OTEL_*}
     * endpoint and protocol setting. Left unset, OpenTelemetry's own settings apply as documented
     * ({@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} as it is, {@code OTEL_EXPORTER_OTLP_ENDPOINT} plus
     * {@code /v1/traces}, {@code OTEL_EXPORTER_OTLP_[TRACES_]PROTOCOL}), with OTLP/HTTP protobuf to
     * {@code http://localhost:4318} by default.
     */
    public Builder otlpEndpoint(String otlpEndpoint) {
      this.otlpEndpoint = otlpEndpoint;
      this.otlpEndpointSet = true;
      return this;
    }

    /** Maximum series per metric before label values fold into {@code _other_}. Default 1000. */
    public Builder seriesLimit(int seriesLimit) {
      this.seriesLimit = seriesLimit;
      return this;
    }

    /** Overrides {@code OTEL_TRACES_SAMPLER}. */
    public Builder sampler(Sampler sampler) {
      this.sampler = sampler;
      return this;
    }

    /**
     * OpenTelemetry SDK configuration from the application's own configuration: {@code otel.*}
     * keys as OpenTelemetry's autoconfiguration documents them (e.g. {@code otel.traces.sampler},
     * {@code otel.resource.attributes}). They take precedence over {@code OTEL_*} environment
     * variables and {@code otel.*} system properties, so a caller whose configuration ranks those
     * higher passes its resolved view (the Spring module passes Boot's); this builder's own
     * setters ({@link #serviceName}, {@link #otlpEndpoint}, {@link #sampler}) still win. Invalid
     * values fail {@link #build()} naming the key.
     */
    public Builder otelProperties(Map<String, String> otelProperties) {
      this.otelProperties = withoutBlanks(otelProperties); // OTEL_X= means unset, not an empty value
      return this;
    }

    /** Shares an existing Prometheus registry (Spring Boot's) instead of creating one. */
    public Builder meterRegistry(PrometheusMeterRegistry meterRegistry) {
      this.meterRegistry = meterRegistry;
      return this;
    }

    /**
     * Pyroscope server URL; profiling starts only when set. Default {@code O11Y_PROFILING_URL}.
     * Samples taken while a span is current carry its {@code span_id}, {@code span_name} and
     * {@code operation}.
     */
    public Builder profilingUrl(String profilingUrl) {
      this.profilingUrl = profilingUrl;
      this.profilingUrlSet = true;
      return this;
    }

    /** {@code itimer} (default, works without perf events), {@code cpu} or {@code wall}. Default {@code O11Y_PROFILING_EVENT}. */
    public Builder profilingEvent(String event) {
      this.profilingEvent = event;
      return this;
    }

    /** Allocation profiling threshold, e.g. {@code "512k"}; off by default. Default {@code O11Y_PROFILING_ALLOC}. */
    public Builder profilingAlloc(String threshold) {
      this.profilingAlloc = threshold;
      return this;
    }

    /** Lock profiling threshold, e.g. {@code "10ms"}; off by default. Default {@code O11Y_PROFILING_LOCK}. */
    public Builder profilingLock(String threshold) {
      this.profilingLock = threshold;
      return this;
    }

    /** How often profiles are uploaded; default 10 s or {@code O11Y_PROFILING_UPLOAD_INTERVAL} ("15s"). */
    public Builder profilingUploadInterval(Duration interval) {
      this.profilingUploadInterval = interval;
      return this;
    }

    /**
     * How long {@link O11y#close()} (also run as a JVM shutdown hook) may take, whatever the
     * collector and the profiling server do: pending spans get this long to reach the collector and
     * the profiler this long to stop. Spans still unsent then are counted in {@code
     * o11y_sdk_dropped_spans_total}. Default 2 s or {@code O11Y_SHUTDOWN_TIMEOUT} ("500ms");
     * between 1 ms and 10 min.
     */
    public Builder shutdownTimeout(Duration timeout) {
      this.shutdownTimeout = timeout;
      return this;
    }

    /**
     * How {@link #build()}'s errors name the settings, for a caller that fills this builder from its
     * own configuration: setter name to that configuration's key, e.g. {@code "shutdownTimeout"} to
     * {@code "o11y.shutdown-timeout"} (the Spring module passes its {@code o11y.*} keys). A setting
     * without one is named after its setter; one from an environment variable, after the variable.
     */
    public Builder settingKeys(Map<String, String> keys) {
      this.settingKeys = Map.copyOf(keys);
      return this;
    }

    /** Adds a platform convention; conventions apply in the order added. */
    public Builder convention(O11yConvention convention) {
      conventions.add(Objects.requireNonNull(convention, "convention"));
      return this;
    }

    /**
     * @throws O11yConfigurationException naming the key when a value is missing or invalid
     */
    public O11y build() {
      return start(resolve());
    }

    /** The service, environment and version {@link #build()} would settle on, without checking anything else. */
    ServiceIdentity identity() {
      Map<String, String> resource = ResourceAttributes.parse(otel("otel.resource.attributes", "OTEL_RESOURCE_ATTRIBUTES"));
      return new ServiceIdentity(
          NonBlank.first(serviceName, otel(TracingFactory.SERVICE_NAME_KEY, "OTEL_SERVICE_NAME"), resource.get("service.name")),
          NonBlank.first(environment, env.get("O11Y_ENV"), resource.get("deployment.environment.name"),
              resource.get("deployment.environment"), "unknown"),
          NonBlank.first(serviceVersion, env.get("O11Y_VERSION"), resource.get("service.version"), "unknown"));
    }

    Settings resolve() {
      ServiceIdentity identity = identity();
      String name = identity.service();
      if (name == null) {
        String setIt = settingKeys.containsKey("serviceName") ? "set " + key("serviceName")
            : "call O11y.builder().serviceName(\"orders\")";
        throw new O11yConfigurationException("service name is missing: " + setIt + " or set OTEL_SERVICE_NAME");
      }
      if (seriesLimit < 1) {
        throw new O11yConfigurationException(
            key("seriesLimit") + "=" + seriesLimit + " must be at least 1 (default 1000)");
      }
      String endpointKey = otlpEndpointSet ? key("otlpEndpoint")
          : otelKey(TracingFactory.ENDPOINT_KEY, "OTEL_EXPORTER_OTLP_ENDPOINT");
      String endpoint = otlpEndpointSet ? otlpEndpoint
          : NonBlank.first(otel(TracingFactory.ENDPOINT_KEY, "OTEL_EXPORTER_OTLP_ENDPOINT"), "http://localhost:4318");
      if (endpoint != null && (endpoint.isBlank() || endpoint.equalsIgnoreCase("none"))) {
        endpoint = null;
      }
      if (endpoint != null) {
        validateUrl(endpointKey, endpoint, "http://localhost:4318, or 'none' to disable export");
      }
      validateSamplerRatio();
      ProfilingSettings profiling = resolveProfiling();
      Duration shutdown = resolveShutdownTimeout();
      return new Settings(
          name,
          identity.version(),
          identity.environment(),
          NonBlank.first(commit, env.get("O11Y_COMMIT"), "unknown"),
          endpoint,
          otlpEndpointSet,
          seriesLimit,
          sampler,
          otelProperties,
          meterRegistry,
          new Conventions(conventions),
          profiling,
          shutdown);
    }

    /**
     * A ratio sampler's argument outside 0..1: OpenTelemetry reports it as an "unexpected configuration
     * error" naming no key, and takes NaN as a ratio that samples nothing.
     */
    private void validateSamplerRatio() {
      String sampler = otel("otel.traces.sampler", "OTEL_TRACES_SAMPLER");
      String ratio = otel("otel.traces.sampler.arg", "OTEL_TRACES_SAMPLER_ARG");
      if (this.sampler != null || ratio == null || sampler == null || !sampler.trim().endsWith("traceidratio")) {
        return;
      }
      String key = otelKey("otel.traces.sampler.arg", "OTEL_TRACES_SAMPLER_ARG");
      double value;
      try {
        value = Double.parseDouble(ratio.trim());
      } catch (NumberFormatException e) {
        value = Double.NaN;
      }
      if (!(value >= 0 && value <= 1)) {
        throw new O11yConfigurationException(key + "='" + ratio + "' is not a sampling ratio: use 0 to 1, e.g. 0.1 for 10 %");
      }
    }

    /**
     * An OpenTelemetry setting as OpenTelemetry itself ranks its sources: the application's {@code
     * otel.*} properties, then the system property, then the environment variable.
     */
    private String otel(String key, String variable) {
      return NonBlank.first(otelProperties.get(key), otelSystemProperties.get(key), env.get(variable));
    }

    /** The name {@link #otel} found the setting under, for errors: the {@code otel.*} key or the variable. */
    private String otelKey(String key, String variable) {
      return otelProperties.containsKey(key) || otelSystemProperties.containsKey(key) ? key : variable;
    }

    private Duration resolveShutdownTimeout() {
      String key = shutdownTimeout != null ? key("shutdownTimeout") : "O11Y_SHUTDOWN_TIMEOUT";
      String fromEnv = env.get("O11Y_SHUTDOWN_TIMEOUT");
      Duration timeout = shutdownTimeout != null ? shutdownTimeout
          : fromEnv != null && !fromEnv.isBlank() ? Objectives.parseDuration(fromEnv.trim(), key)
          : DEFAULT_SHUTDOWN_TIMEOUT;
      if (timeout.compareTo(Duration.ofMillis(1)) < 0 || timeout.compareTo(MAX_SHUTDOWN_TIMEOUT) > 0) {
        throw new O11yConfigurationException(key + " " + ShutdownDeadline.describe(timeout)
            + " is out of range: use 1ms to 10m, e.g. \"2s\" (the default)");
      }
      return timeout;
    }

    private ProfilingSettings resolveProfiling() {
      String url = profilingUrlSet ? profilingUrl : env.get("O11Y_PROFILING_URL");
      if (url == null || url.isBlank() || url.equalsIgnoreCase("none")) {
        return ProfilingSettings.OFF;
      }
      validateUrl(profilingUrlSet ? key("profilingUrl") : "O11Y_PROFILING_URL", url,
          "http://localhost:4040 (Pyroscope), or 'none' to turn profiling off");
      Duration upload = profilingUploadInterval;
      String uploadKey = key("profilingUploadInterval");
      if (upload == null && env.get("O11Y_PROFILING_UPLOAD_INTERVAL") != null) {
        uploadKey = "O11Y_PROFILING_UPLOAD_INTERVAL";
        upload = Objectives.parseDuration(env.get(uploadKey), uploadKey);
      }
      if (upload != null && upload.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new O11yConfigurationException(uploadKey + " " + ShutdownDeadline.describe(upload) + " is below the 1s minimum");
      }
      String event = NonBlank.first(profilingEvent, env.get("O11Y_PROFILING_EVENT"), "itimer");
      if (!PyroscopeProfiler.isKnownEvent(event)) {
        // here, not when the profiler starts: by then the OpenTelemetry SDK would already be running
        throw new O11yConfigurationException((profilingEvent != null ? key("profilingEvent") : "O11Y_PROFILING_EVENT")
            + "='" + event + "' is not a profiling event; use itimer, cpu or wall");
      }
      return new ProfilingSettings(url,
          event,
          NonBlank.first(profilingAlloc, env.get("O11Y_PROFILING_ALLOC")),
          NonBlank.first(profilingLock, env.get("O11Y_PROFILING_LOCK")),
          upload == null ? ProfilingSettings.OFF.uploadInterval() : upload);
    }

    /** A setting's name in errors: the caller's key for it, else the setter's name. */
    private String key(String setter) {
      return settingKeys.getOrDefault(setter, setter);
    }

    private static void validateUrl(String key, String value, String fix) {
      try {
        URI uri = URI.create(value);
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
          throw new IllegalArgumentException("not http(s)");
        }
      } catch (IllegalArgumentException e) {
        // Boot's failure report and logs show this message
        throw new O11yConfigurationException(
            key + "='" + UrlRedaction.withoutCredentials(value) + "' is not an http(s) URL; use e.g. " + fix);
      }
    }

    private static Map<String, String> withoutBlanks(Map<String, String> properties) {
      Map<String, String> kept = new java.util.HashMap<>();
      properties.forEach((key, value) -> {
        if (value != null && !value.isBlank()) {
          kept.put(key, value);
        }
      });
      return Map.copyOf(kept);
    }
  }

  /** Resolved, validated configuration. */
  record Settings(
      String serviceName,
      String serviceVersion,
      String environment,
      String commit,
      String otlpEndpoint,
      boolean endpointFromBuilder,
      int seriesLimit,
      Sampler sampler,
      Map<String, String> otelProperties,
      PrometheusMeterRegistry meterRegistry,
      Conventions conventions,
      ProfilingSettings profiling,
      Duration shutdownTimeout) {}
}
