package dev.o11y.sdk.spring.internal;

import dev.o11y.sdk.O11y;
import io.opentelemetry.instrumentation.jdbc.datasource.JdbcTelemetry;
import io.opentelemetry.instrumentation.jdbc.datasource.OpenTelemetryDataSource;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Wraps every DataSource bean with OpenTelemetry's maintained JDBC instrumentation: a CLIENT span per
 * statement. No span per {@code getConnection()}: with a pool that is one more span per request that
 * says nothing (the OpenTelemetry Java agent leaves it off by default for the same reason), and it was
 * a quarter of the spans the example service exported.
 */
public final class JdbcTracingPostProcessor implements BeanPostProcessor {

  private final ObjectProvider<O11y> o11y;

  public JdbcTracingPostProcessor(ObjectProvider<O11y> o11y) {
    this.o11y = o11y;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof DataSource dataSource && !(bean instanceof OpenTelemetryDataSource)) {
      return JdbcTelemetry.builder(o11y.getObject().openTelemetry())
          .setDataSourceInstrumenterEnabled(false)
          .build()
          .wrap(dataSource);
    }
    return bean;
  }
}
