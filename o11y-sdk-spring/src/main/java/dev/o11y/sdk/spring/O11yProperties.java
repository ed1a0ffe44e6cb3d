package dev.o11y.sdk.spring;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code o11y.*}: what the SDK needs to know about the service. Unset values fall back to the
 * standard settings ({@code otel.service.name} / {@code OTEL_SERVICE_NAME}, {@code
 * otel.exporter.otlp.endpoint} / {@code OTEL_EXPORTER_OTLP_ENDPOINT}, {@code O11Y_ENV}, {@code
 * O11Y_VERSION}) and then to {@code spring.application.name}. Every other {@code otel.*} property
 * goes to the OpenTelemetry SDK as it is.
 */
@ConfigurationProperties("o11y")
public class O11yProperties {

  /** Whether o11y-sdk instruments this application at all. */
  private boolean enabled = true;

  /** Service name: the {@code service} label, {@code service.name} and the log field. Default: spring.application.name. */
  private String serviceName;

  /** Service version: {@code service.version}, the {@code version} log field and o11y_build_info. */
  private String serviceVersion;

  /** Deployment environment, e.g. prod: the {@code env} label and {@code deployment.environment.name}. */
  private String environment;

  /** VCS commit of this build, for o11y_build_info. */
  private String commit;

  /** OTLP/HTTP base URL such as http://collector:4318; "none" disables span export. */
  private String otlpEndpoint;

  /** Maximum series per metric before label values fold into _other_. */
  private int seriesLimit = 1000;

  /**
   * How long closing the context may spend flushing spans and stopping the profiler, whatever the
   * backends do; spans still unsent then are counted as dropped. Default 2s (or O11Y_SHUTDOWN_TIMEOUT).
   */
  private Duration shutdownTimeout;

  private final Profiling profiling = new Profiling();

  private final Actuator actuator = new Actuator();

  private final Monitored monitored = new Monitored();

  /** How {@code @Monitored} methods are intercepted. */
  public static class Monitored {
    /**
     * Spring AOP order of the @Monitored advice (lower = further out). Default
     * Ordered.LOWEST_PRECEDENCE - 1000 (2147482647): outside @Transactional, caching and retry
     * advice left at their default orders, so a failing commit counts as an error and the duration
     * includes it.
     */
    private Integer advisorOrder;

    public Integer getAdvisorOrder() {
      return advisorOrder;
    }

    public void setAdvisorOrder(Integer advisorOrder) {
      this.advisorOrder = advisorOrder;
    }
  }

  /** How actuator's endpoints, which the SDK exposes, meet application requests. */
  public static class Actuator {
    /**
     * Whether application requests skip actuator's endpoint mapping, which Boot orders before every
     * controller: only paths under the actuator base path are matched against it. False restores
     * Boot's order.
     */
    private boolean mappingGate = true;

    public boolean isMappingGate() {
      return mappingGate;
    }

    public void setMappingGate(boolean mappingGate) {
      this.mappingGate = mappingGate;
    }
  }

  /** Continuous profiling (pyroscope-java). */
  public static class Profiling {
    /** Pyroscope server URL (or O11Y_PROFILING_URL); profiling starts only when it is set. */
    private String url;

    public String getUrl() {
      return url;
    }

    public void setUrl(String url) {
      this.url = url;
    }
  }

  public Monitored getMonitored() {
    return monitored;
  }

  public Actuator getActuator() {
    return actuator;
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public String getServiceName() {
    return serviceName;
  }

  public void setServiceName(String serviceName) {
    this.serviceName = serviceName;
  }

  public String getServiceVersion() {
    return serviceVersion;
  }

  public void setServiceVersion(String serviceVersion) {
    this.serviceVersion = serviceVersion;
  }

  public String getEnvironment() {
    return environment;
  }

  public void setEnvironment(String environment) {
    this.environment = environment;
  }

  public String getCommit() {
    return commit;
  }

  public void setCommit(String commit) {
    this.commit = commit;
  }

  public String getOtlpEndpoint() {
    return otlpEndpoint;
  }

  public void setOtlpEndpoint(String otlpEndpoint) {
    this.otlpEndpoint = otlpEndpoint;
  }

  public int getSeriesLimit() {
    return seriesLimit;
  }

  public void setSeriesLimit(int seriesLimit) {
    this.seriesLimit = seriesLimit;
  }

  public Duration getShutdownTimeout() {
    return shutdownTimeout;
  }

  public void setShutdownTimeout(Duration shutdownTimeout) {
    this.shutdownTimeout = shutdownTimeout;
  }

  public Profiling getProfiling() {
    return profiling;
  }
}
