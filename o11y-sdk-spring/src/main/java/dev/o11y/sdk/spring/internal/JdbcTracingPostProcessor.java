package dev.o11y.sdk.spring.internal;

import dev.o11y.sdk.O11y;
import dev.o11y.sdk.internal.SdkInternals;
import io.opentelemetry.instrumentation.jdbc.datasource.JdbcTelemetry;
import io.opentelemetry.instrumentation.jdbc.datasource.OpenTelemetryDataSource;
import javax.sql.DataSource;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.util.ClassUtils;

/**
 * Wraps every DataSource bean with OpenTelemetry's maintained JDBC instrumentation: a CLIENT span per
 * statement, except in traces the sampler already dropped ({@link UnsampledTraceBypassingDataSource}).
 * No span per {@code getConnection()}: with a pool that is one more span per request that says
 * nothing (the OpenTelemetry Java agent leaves it off by default for the same reason), and it was a
 * quarter of the spans the example service exported.
 *
 * <p>The bean keeps its class ({@link CheckoutTracingProxy}): code injecting {@code HikariDataSource}
 * still finds it.
 */
public final class JdbcTracingPostProcessor implements BeanPostProcessor, BeanClassLoaderAware {

  private final ObjectProvider<O11y> o11y;
  private ClassLoader classLoader = ClassUtils.getDefaultClassLoader();

  public JdbcTracingPostProcessor(ObjectProvider<O11y> o11y) {
    this.o11y = o11y;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof DataSource dataSource && !alreadyTraced(bean)) {
      O11y sdk = o11y.getObject();
      DataSource instrumented = JdbcTelemetry.builder(sdk.openTelemetry())
          .setDataSourceInstrumenterEnabled(false)
          .build()
          .wrap(dataSource);
      return CheckoutTracingProxy.of(dataSource,
          new UnsampledTraceBypassingDataSource(dataSource, instrumented, SdkInternals.instrumenter(sdk)), classLoader);
    }
    return bean;
  }

  /** Where Spring's own proxies are defined: the proxy class must see both the pool and Spring. */
  @Override
  public void setBeanClassLoader(ClassLoader classLoader) {
    this.classLoader = classLoader;
  }

  /** Ours (a bean method can return another DataSource bean), or one the application wrapped itself. */
  private static boolean alreadyTraced(Object bean) {
    return bean instanceof UnsampledTraceBypassingDataSource || CheckoutTracingProxy.isProxy(bean)
        || bean instanceof OpenTelemetryDataSource;
  }
}
