package dev.o11y.sdk.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * An {@code o11y.*} value the SDK's builder rejects fails startup naming the property a Spring user
 * set and the fix, never the builder's name for the setting, which appears nowhere in their files.
 */
class PropertyErrorsTest {

  private final ApplicationContextRunner context = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(O11yAutoConfiguration.class));

  /** {@code shown}: the value as the message quotes it. */
  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', textBlock = """
      o11y.shutdown-timeout | 0s              | 0s              | shutdownTimeout | use 1ms to 10m
      o11y.shutdown-timeout | 11m             | 660s            | shutdownTimeout | use 1ms to 10m
      o11y.series-limit     | 0               | 0               | seriesLimit     | must be at least 1
      o11y.otlp-endpoint    | collector:4318  | collector:4318  | otlpEndpoint    | use e.g. http://localhost:4318
      o11y.profiling.url    | ftp://pyroscope | ftp://pyroscope | profilingUrl    | use e.g. http://localhost:4040
      """)
  void aRejectedValueNamesThePropertyAndTheFix(String key, String value, String shown, String builderName,
      String fix) {
    context.withPropertyValues("o11y.service-name=shop", key + "=" + value)
        .run(app -> assertThat(app).hasFailed().getFailure().rootCause()
            .hasMessageContaining(key).hasMessageContaining(shown).hasMessageContaining(fix)
            .hasMessageNotContaining(builderName));
  }

  /**
   * Boot's condition took only the word true and Spring's conversion also on, yes and 1, so the
   * SDK's HTTP metrics and Boot's were both off; through this runner only the condition sees it.
   */
  @ParameterizedTest
  @ValueSource(strings = {"on", "1", "yes"})
  void anEnabledFlagOtherThanTrueOrFalseNamesTheKeyAndTheValue(String value) {
    context.withPropertyValues("o11y.service-name=shop", "o11y.enabled=" + value).run(app -> assertThat(app)
        .hasFailed().getFailure().rootCause().hasMessageContaining("o11y.enabled='" + value + "'"));
  }

  @Test
  void aMissingServiceNameNamesThePropertyToSet() {
    context.withPropertyValues("o11y.otlp-endpoint=none").run(app -> assertThat(app).hasFailed()
        .getFailure().rootCause().hasMessageContaining("o11y.service-name").hasMessageContaining("OTEL_SERVICE_NAME")
        .hasMessageNotContaining("serviceName"));
  }
}
