package dev.o11y.sdk.spring.internal;

import dev.o11y.sdk.O11y;
import io.opentelemetry.instrumentation.jdbc.datasource.JdbcTelemetry;
import io.opentelemetry.instrumentation.jdbc.datasource.OpenTelemetryDataSource;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/** Wraps every DataSource bean with OpenTelemetry's maintained JDBC instrumentation. */
public final class JdbcTracingPostProcessor implements BeanPostProcessor {

  private final ObjectProvider<O11y> o11y;

  public JdbcTracingPostProcessor(ObjectProvider<O11y> o11y) {
    this.o11y = o11y;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof DataSource dataSource && !(bean instanceof OpenTelemetryDataSource)) {
      return JdbcTelemetry.create(o11y.getObject().openTelemetry()).wrap(dataSource);
    }
    return bean;
  }
}
