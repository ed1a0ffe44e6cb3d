package dev.o11y.sdk.spring;

import dev.o11y.sdk.O11y;
import dev.o11y.sdk.O11yConvention;
import dev.o11y.sdk.internal.metrics.OtelExemplarSpanContext;
import dev.o11y.sdk.spring.internal.ActuatorMappingGate;
import dev.o11y.sdk.spring.internal.ClientTracingInterceptor;
import dev.o11y.sdk.spring.internal.EnvironmentOtelProperties;
import dev.o11y.sdk.spring.internal.HttpClientBeansTracing;
import dev.o11y.sdk.spring.internal.HttpServerMetrics;
import dev.o11y.sdk.spring.internal.HttpServerTracingFilter;
import dev.o11y.sdk.spring.internal.RouteOperationInterceptor;
import dev.o11y.sdk.spring.internal.IdleObservationFilterDisabler;
import dev.o11y.sdk.spring.internal.InterceptionScanner;
import dev.o11y.sdk.spring.internal.JdbcTracingPostProcessor;
import dev.o11y.sdk.spring.internal.MonitoredAdvisor;
import dev.o11y.sdk.spring.internal.O11yEnabledCondition;
import dev.o11y.sdk.spring.internal.O11yEnvironmentPostProcessor;
import dev.o11y.sdk.spring.internal.ProblemDetailsAdvice;
import dev.o11y.sdk.spring.internal.SelfCheck;
import dev.o11y.sdk.spring.internal.SpringServiceIdentity;
import dev.o11y.sdk.spring.internal.TraceContextTaskDecorator;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Fallback;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Builds exactly one {@link O11y} (one OpenTelemetry SDK, sharing Boot's Prometheus registry) and
 * wires every integration the application has on its classpath.
 */
// before Boot's Spring MVC configuration: its ProblemDetailsExceptionHandler steps aside for ours
@AutoConfiguration(after = {MetricsAutoConfiguration.class, PrometheusMetricsExportAutoConfiguration.class,
    CompositeMeterRegistryAutoConfiguration.class},
    beforeName = "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration")
@Conditional(O11yEnabledCondition.class)
@EnableConfigurationProperties(O11yProperties.class)
public class O11yAutoConfiguration {

  /**
   * The builder setting each {@code o11y.*} property feeds: the builder validates the values and
   * its startup errors name the property, the key a Spring user set.
   */
  private static final Map<String, String> PROPERTY_KEYS = Map.of(
      "serviceName", "o11y.service-name",
      "otlpEndpoint", "o11y.otlp-endpoint",
      "seriesLimit", "o11y.series-limit",
      "shutdownTimeout", "o11y.shutdown-timeout",
      "profilingUrl", "o11y.profiling.url");

  /** Boot's Prometheus registry picks this up for exemplars. */
  @Bean
  @ConditionalOnMissingBean(io.prometheus.metrics.tracer.common.SpanContext.class)
  OtelExemplarSpanContext o11yExemplarSpanContext() {
    return new OtelExemplarSpanContext();
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  O11y o11y(O11yProperties properties, Environment environment,
      ObjectProvider<PrometheusMeterRegistry> prometheus, ObjectProvider<O11yConvention> conventions) {
    Map<String, String> otel = EnvironmentOtelProperties.of(environment);
    O11y.Builder builder = O11y.builder().otelProperties(otel).settingKeys(PROPERTY_KEYS);
    String serviceName = SpringServiceIdentity.serviceName(properties.getServiceName(), otel, environment);
    if (serviceName != null) {
      builder.serviceName(serviceName);
    }
    if (properties.getServiceVersion() != null) {
      builder.serviceVersion(properties.getServiceVersion());
    }
    if (properties.getEnvironment() != null) {
      builder.environment(properties.getEnvironment());
    }
    if (properties.getCommit() != null) {
      builder.commit(properties.getCommit());
    }
    if (properties.getOtlpEndpoint() != null) {
      builder.otlpEndpoint(properties.getOtlpEndpoint());
    }
    builder.seriesLimit(properties.getSeriesLimit());
    if (properties.getShutdownTimeout() != null) {
      builder.shutdownTimeout(properties.getShutdownTimeout());
    }
    if (properties.getProfiling().getUrl() != null) {
      builder.profilingUrl(properties.getProfiling().getUrl());
    }
    prometheus.ifAvailable(builder::meterRegistry);
    conventions.orderedStream().forEach(builder::convention);
    return builder.build();
  }

  // no inferred close(): O11y shuts this SDK down within o11y.shutdown-timeout; Spring would shut it
  // down first (this bean depends on O11y) and wait OpenTelemetry's own 10 s on a hanging collector
  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean(OpenTelemetry.class)
  OpenTelemetry openTelemetry(O11y o11y) {
    return o11y.openTelemetry();
  }

  @Bean
  @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
  static MonitoredAdvisor o11yMonitoredAdvisor(ObjectProvider<O11y> o11y, Environment environment) {
    MonitoredAdvisor advisor = new MonitoredAdvisor(o11y);
    // read from the environment, not O11yProperties: advisors are made while post-processors are
    // still being registered, too early to bind a properties bean; a bad value fails naming the key
    Binder.get(environment).bind("o11y.monitored.advisor-order", Integer.class).ifBound(advisor::setOrder);
    return advisor;
  }

  @Bean
  InterceptionScanner o11yInterceptionScanner(ConfigurableListableBeanFactory beanFactory, O11y o11y) {
    return new InterceptionScanner(beanFactory, o11y);
  }

  /**
   * @Async methods, TaskExecutor and scheduler tasks run in the submitter's trace and MDC. Not
   * conditional on other decorators: Boot composes all of them, and an application's own (one that
   * copies MDC, say) must not switch propagation off. A fallback, so an application that takes its
   * one {@code TaskDecorator} by type still gets its own rather than failing on two.
   */
  @Bean
  @Fallback
  TraceContextTaskDecorator o11yContextTaskDecorator() {
    return new TraceContextTaskDecorator();
  }

  @Bean
  SelfCheck o11ySelfCheck(O11y o11y, ObjectProvider<io.prometheus.metrics.tracer.common.SpanContext> exemplars) {
    return new SelfCheck(o11y, exemplars);
  }

  @Bean
  @ConditionalOnAvailableEndpoint
  O11yEndpoint o11yEndpoint(SelfCheck selfCheck) {
    return new O11yEndpoint(selfCheck);
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass(name = O11yEnvironmentPostProcessor.DISPATCHER_SERVLET)
  @Import(ProblemDetailsAdvice.class)
  static class ServletServer {
    @Bean
    FilterRegistrationBean<HttpServerTracingFilter> o11yHttpServerFilter(O11y o11y) {
      FilterRegistrationBean<HttpServerTracingFilter> registration = new FilterRegistrationBean<>(
          new HttpServerTracingFilter(o11y, new HttpServerMetrics(o11y.meterRegistry())));
      registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
      registration.setDispatcherTypes(HttpServerTracingFilter.dispatches());
      return registration;
    }

    @Bean
    WebMvcConfigurer o11yRouteOperation() {
      RouteOperationInterceptor interceptor = new RouteOperationInterceptor();
      return new WebMvcConfigurer() {
        @Override
        public void addInterceptors(InterceptorRegistry registry) {
          registry.addInterceptor(interceptor).order(Ordered.HIGHEST_PRECEDENCE);
        }
      };
    }

    @Bean
    static IdleObservationFilterDisabler o11yIdleObservationFilterDisabler(Environment environment) {
      return new IdleObservationFilterDisabler(environment);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.webmvc.actuate.endpoint.web.WebMvcEndpointHandlerMapping")
    @ConditionalOnBooleanProperty(name = "o11y.actuator.mapping-gate", matchIfMissing = true)
    static class Actuator {
      @Bean
      static ActuatorMappingGate o11yActuatorMappingGate() {
        return new ActuatorMappingGate();
      }
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(RestClientCustomizer.class)
  static class HttpClients {
    @Bean
    RestClientCustomizer o11yRestClientCustomizer(O11y o11y) {
      ClientTracingInterceptor interceptor = new ClientTracingInterceptor(o11y);
      return builder -> builder.requestInterceptor(interceptor);
    }

    @Bean
    RestTemplateCustomizer o11yRestTemplateCustomizer(O11y o11y) {
      ClientTracingInterceptor interceptor = new ClientTracingInterceptor(o11y);
      return restTemplate -> restTemplate.getInterceptors().add(interceptor);
    }
  }

  /** The clients Boot's builders never see: {@code new RestTemplate()}, {@code RestClient.create()}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.web.client.RestClient")
  static class HttpClientBeans {
    @Bean
    static HttpClientBeansTracing o11yHttpClientBeansTracing(ObjectProvider<O11y> o11y) {
      return new HttpClientBeansTracing(o11y);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "javax.sql.DataSource")
  static class Jdbc {
    @Bean
    static JdbcTracingPostProcessor o11yJdbcTracing(ObjectProvider<O11y> o11y) {
      return new JdbcTracingPostProcessor(o11y);
    }
  }
}
