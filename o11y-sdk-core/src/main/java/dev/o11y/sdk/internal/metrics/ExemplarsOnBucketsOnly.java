package dev.o11y.sdk.internal.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import java.util.Properties;

/**
 * Micrometer turns on exemplars for every metric type, which puts one on {@code _count}; Prometheus
 * up to 2.4x rejects the whole scrape for that. Exemplars stay on histogram buckets and counters.
 */
public final class ExemplarsOnBucketsOnly {

  public static final String PROPERTY = "io.prometheus.exporter.exemplarsOnAllMetricTypes";

  public static final PrometheusConfig CONFIG = new PrometheusConfig() {
    @Override
    public String get(String key) {
      return null;
    }

    @Override
    public Properties prometheusProperties() {
      Properties properties = new Properties();
      properties.setProperty(PROPERTY, "false");
      return properties;
    }
  };

  private ExemplarsOnBucketsOnly() {}
}
