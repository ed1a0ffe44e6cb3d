package dev.o11y.sdk.spring.internal;

import dev.o11y.sdk.O11y;
import dev.o11y.sdk.internal.SdkInternals;
import io.opentelemetry.instrumentation.jdbc.datasource.JdbcTelemetry;
import io.opentelemetry.instrumentation.jdbc.datasource.OpenTelemetryDataSource;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Wraps every DataSource bean with OpenTelemetry's maintained JDBC instrumentation: a CLIENT span per
 * statement, except in traces the sampler already dropped ({@link UnsampledTraceBypassingDataSource}).
 * No span per {@code getConnection()}: with a pool that is one more span per request that says
 * nothing (the OpenTelemetry Java agent leaves it off by default for the same reason), and it was a
 * quarter of the spans the example service exported.
 */
public final class JdbcTracingPostProcessor implements BeanPostProcessor {

  private final ObjectProvider<O11y> o11y;

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
      return new UnsampledTraceBypassingDataSource(dataSource, instrumented, SdkInternals.instrumenter(sdk));
    }
    return bean;
  }

  /** Ours (a bean method can return another DataSource bean), or one the application wrapped itself. */
  private static boolean alreadyTraced(Object bean) {
    return bean instanceof UnsampledTraceBypassingDataSource || bean instanceof OpenTelemetryDataSource;
  }
}
