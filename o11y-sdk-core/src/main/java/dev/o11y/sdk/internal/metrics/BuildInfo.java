package dev.o11y.sdk.internal.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** {@code o11y_build_info{version,commit,sdk_version} 1}: lets dashboards mark deploys. */
public final class BuildInfo {

  private BuildInfo() {}

  public static String sdkVersion() {
    try (InputStream in = BuildInfo.class.getResourceAsStream("/dev/o11y/sdk/build.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  public static void register(MeterRegistry registry, String serviceVersion, String commit) {
    Gauge.builder(MetricNames.BUILD_INFO, () -> 1)
        .description("Build of the running service; value is always 1")
        .tag("version", serviceVersion)
        .tag("commit", commit)
        .tag("sdk_version", sdkVersion())
        .register(registry);
  }
}
