package dev.o11y.sdk.internal.tracing;

import dev.o11y.sdk.internal.NonBlank;
import dev.o11y.sdk.internal.Conventions;
import dev.o11y.sdk.internal.StartedParts;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Builds the OpenTelemetry SDK with its own autoconfiguration, so every standard {@code OTEL_*}
 * variable keeps its documented meaning, then adds what the SDK promises on top: OTLP/HTTP protobuf
 * by default, masking and denied keys at export, and counted drops.
 */
public final class TracingFactory {

  /**
   * What the tracing side needs to know; {@code otlpEndpoint == null} means no export.
   * {@code otelProperties} are the application's {@code otel.*} settings, above the environment's;
   * {@code shutdownTimeout} bounds {@link TracingShutdown#close()}.
   */
  public record TracingSettings(
      String serviceName,
      String serviceVersion,
      String environment,
      String otlpEndpoint,
      boolean endpointFromBuilder,
      Sampler sampler,
      Map<String, String> otelProperties,
      Conventions conventions,
      Duration shutdownTimeout) {}

  /**
   * The built SDK, the gate that counts what it could not deliver, what is known of its sampler
   * (whether it drops children of unsampled parents, whether it reads attributes), its bounded
   * shutdown, and where its OTLP exporter sends spans (null when there is none).
   */
  public record Tracing(
      OpenTelemetrySdk sdk, SpanExportGate gate, KnownSampler sampler, TracingShutdown shutdown, OtlpTarget otlp) {}

  /** The URL an OTLP span exporter posts to and its protocol ({@code http/protobuf}, {@code grpc}...). */
  public record OtlpTarget(String url, String protocol) {}

  /** OpenTelemetry's keys that O11y's own settings take over (the builder reads them as fallbacks). */
  public static final String SERVICE_NAME_KEY = "otel.service.name";
  public static final String ENDPOINT_KEY = "otel.exporter.otlp.endpoint";
  private static final String SDK_DISABLED_KEY = "otel.sdk.disabled";
  /** Set by {@link #overrides} when {@code OTEL_SDK_DISABLED} was: the sampler customizer must keep always_off. */
  private static final String DISABLED_MARKER = "o11y.otel.sdk.disabled";

  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
  private static final AttributeKey<String> SERVICE_VERSION = AttributeKey.stringKey("service.version");
  private static final AttributeKey<String> DEPLOYMENT_ENVIRONMENT =
      AttributeKey.stringKey("deployment.environment.name");

  /**
   * The exporter OpenTelemetry's autoconfiguration gives a simple processor of its own ({@code
   * console}, {@code logging}); every other configured exporter shares the one batch processor.
   */
  private static final String SIMPLE_PROCESSOR_EXPORTER = "io.opentelemetry.exporter.logging.LoggingSpanExporter";

  private TracingFactory() {}

  /**
   * Builds and starts the SDK; its shutdown is added to {@code started} as soon as it runs, so that a
   * later failure, here or in the caller, stops it again.
   */
  public static Tracing create(TracingSettings settings, StartedParts started) {
    // one gate shared by the exporter and the processor customizers, whichever runs first creates it
    SpanExportGate[] gate = new SpanExportGate[1];
    java.util.function.Function<ConfigProperties, SpanExportGate> gateFor =
        config -> {
          if (gate[0] == null) {
            gate[0] = new SpanExportGate(config.getInt("otel.bsp.max.queue.size", 2048));
          }
          return gate[0];
        };
    Sampler[] chosen = new Sampler[1];
    ConfigProperties[] effective = new ConfigProperties[1];
    List<GateReleasingSpanExporter> exporters = new CopyOnWriteArrayList<>();
    try {
      OpenTelemetrySdk sdk =
          AutoConfiguredOpenTelemetrySdk.builder()
              .disableShutdownHook() // O11y.close() owns shutdown; a hook per instance would leak
              .addPropertiesSupplier(TracingFactory::defaults)
              .addPropertiesCustomizer(TracingFactory::blanksUnset)
              .addPropertiesCustomizer(config -> overrides(settings, sdkDisabled(settings, config)))
              .addPropertiesCustomizer(config -> {
                effective[0] = config; // what the error below may have quoted
                return Map.of();
              })
              .addResourceCustomizer((resource, config) -> allowedOnly(resource.merge(resource(settings)), settings))
              .addSamplerCustomizer((sampler, config) -> chosen[0] =
                  settings.sampler() == null || config.getBoolean(DISABLED_MARKER, false) ? sampler : settings.sampler())
              .addSpanExporterCustomizer(
                  (exporter, config) -> {
                    GateReleasingSpanExporter gated = new GateReleasingSpanExporter(
                        new SanitizingSpanExporter(exporter, settings.conventions()), gateFor.apply(config),
                        !SIMPLE_PROCESSOR_EXPORTER.equals(exporter.getClass().getName()));
                    exporters.add(gated);
                    return gated;
                  })
              .addSpanProcessorCustomizer(
                  (processor, config) -> new GatedSpanProcessor(processor, gateFor.apply(config)))
              .build()
              .getOpenTelemetrySdk();
      SpanExportGate built = gate[0] == null ? new SpanExportGate(0) : gate[0];
      TracingShutdown shutdown = started.add(new TracingShutdown(sdk, built, exporters, settings.shutdownTimeout()));
      OtlpTarget otlp = otlpTarget(effective[0]);
      built.onDrops(new SpanExportWarning(otlp == null ? null : otlp.url())::dropped);
      // the provider's, not chosen[0]: customizers that run after ours (SPI, tracer-provider) may wrap or replace it
      return new Tracing(sdk, built, KnownSampler.of(sdk.getSdkTracerProvider().getSampler()), shutdown, otlp);
    } catch (ConfigurationException e) {
      throw OtelConfigurationErrors.translate(e, effective[0]);
    }
  }

  private static Map<String, String> defaults() {
    Map<String, String> defaults = new HashMap<>();
    defaults.put("otel.traces.exporter", "otlp");
    defaults.put("otel.exporter.otlp.protocol", "http/protobuf");
    // our metrics are Prometheus-scraped and our logs go to stdout as JSON
    defaults.put("otel.metrics.exporter", "none");
    defaults.put("otel.logs.exporter", "none");
    return defaults;
  }

  /**
   * {@code OTEL_X=} exported empty, or {@code -Dotel.x=}, means unset, as the OpenTelemetry
   * specification says of empty variables; OpenTelemetry's Java autoconfiguration takes it as the
   * value and fails ("OTLP endpoint must be a valid URL: ") or misroutes. Each blank value read from
   * the environment or the system properties gives way to the next source that has one (system
   * property, variable, the SDK's default), or is unset. Unset means a null override, which
   * OpenTelemetry's {@code withOverrides} stores as absent ({@code BlankOtelSettingsTest} pins that).
   */
  private static Map<String, String> blanksUnset(ConfigProperties config) {
    java.util.Set<String> keys = new java.util.TreeSet<>();
    System.getenv().keySet().stream().filter(name -> name.startsWith("OTEL_"))
        .forEach(name -> keys.add(name.toLowerCase(java.util.Locale.ROOT).replace('_', '.')));
    System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith("otel."))
        .forEach(name -> keys.add(name.toLowerCase(java.util.Locale.ROOT).replace('-', '.')));
    Map<String, String> unset = new HashMap<>();
    for (String key : keys) {
      String value = config.getString(key);
      if (value != null && value.isBlank()) {
        unset.put(key, NonBlank.first(System.getProperty(key),
            System.getenv(key.toUpperCase(java.util.Locale.ROOT).replace('.', '_')), defaults().get(key)));
      }
    }
    return unset;
  }

  /**
   * Layered over OpenTelemetry's own view (our defaults, then {@code OTEL_*} variables, then
   * {@code otel.*} system properties): the application's {@code otel.*} settings, then O11y's own.
   */
  private static Map<String, String> overrides(TracingSettings settings, boolean sdkDisabled) {
    Map<String, String> overrides = new HashMap<>(settings.otelProperties());
    overrides.put(SERVICE_NAME_KEY, settings.serviceName());
    if (sdkDisabled) {
      // OpenTelemetry's own answer is a provider that samples everything and exports nothing: trace
      // ids marked sampled in logs, exemplars and traceparent that lead nowhere. The operator's switch
      // means nothing recorded: a sampler that drops all, whatever the builder chose, and no exporter.
      overrides.put(SDK_DISABLED_KEY, "false");
      overrides.put(DISABLED_MARKER, "true");
      overrides.put("otel.traces.sampler", "always_off");
      overrides.put("otel.traces.exporter", "none");
      return overrides;
    }
    if (settings.otlpEndpoint() == null) {
      overrides.put("otel.traces.exporter", "none");
    } else if (settings.endpointFromBuilder()) {
      // the SDK's own setting is an OTLP/HTTP base URL, whatever the environment says
      overrides.put("otel.exporter.otlp.traces.protocol", "http/protobuf");
      String base = settings.otlpEndpoint();
      overrides.put("otel.exporter.otlp.traces.endpoint", base.endsWith("/v1/traces") ? base : tracesUrl(base.replaceAll("/+$", "")));
    }
    // otherwise OpenTelemetry resolves OTEL_EXPORTER_OTLP_[TRACES_]ENDPOINT and _PROTOCOL as documented
    return overrides;
  }

  /** {@code otel.sdk.disabled} from the application's settings, else from the system property or variable. */
  private static boolean sdkDisabled(TracingSettings settings, ConfigProperties config) {
    String mine = settings.otelProperties().get(SDK_DISABLED_KEY);
    return mine != null ? Boolean.parseBoolean(mine.trim()) : config.getBoolean(SDK_DISABLED_KEY, false);
  }

  /** Where OpenTelemetry's OTLP span exporter sends, by its own rules; null when it is not configured. */
  static OtlpTarget otlpTarget(ConfigProperties config) {
    if (config == null || !config.getList("otel.traces.exporter", List.of("otlp")).contains("otlp")) {
      return null;
    }
    String protocol = config.getString("otel.exporter.otlp.traces.protocol",
        config.getString("otel.exporter.otlp.protocol", "http/protobuf"));
    boolean http = protocol.startsWith("http/");
    String url = config.getString("otel.exporter.otlp.traces.endpoint");
    if (url == null) {
      String base = config.getString(ENDPOINT_KEY, http ? "http://localhost:4318" : "http://localhost:4317");
      url = http ? tracesUrl(base) : base;
    }
    return new OtlpTarget(url, protocol);
  }

  /** OpenTelemetry appends the signal's path to the base endpoint, after a slash. */
  private static String tracesUrl(String base) {
    return base.endsWith("/") ? base + "v1/traces" : base + "/v1/traces";
  }

  private static Resource resource(TracingSettings settings) {
    AttributesBuilder attributes = Attributes.builder();
    put(attributes, settings, SERVICE_NAME, settings.serviceName());
    put(attributes, settings, SERVICE_VERSION, settings.serviceVersion());
    put(attributes, settings, DEPLOYMENT_ENVIRONMENT, settings.environment());
    return Resource.create(attributes.build());
  }

  private static Resource allowedOnly(Resource resource, TracingSettings settings) {
    AttributesBuilder kept = Attributes.builder();
    resource.getAttributes().forEach((key, value) -> {
      if (settings.conventions().allowsKey(key.getKey())) {
        SanitizingSpanExporter.putUnchecked(kept, key, value);
      }
    });
    return Resource.create(kept.build(), resource.getSchemaUrl());
  }

  private static void put(
      AttributesBuilder attributes, TracingSettings settings, AttributeKey<String> key, String value) {
    if (settings.conventions().allowsKey(key.getKey())) {
      attributes.put(key, value);
    }
  }
}
