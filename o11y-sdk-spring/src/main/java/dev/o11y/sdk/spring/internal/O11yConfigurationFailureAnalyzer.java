package dev.o11y.sdk.spring.internal;

import dev.o11y.sdk.O11yConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A bad o11y setting as Boot reports a bad setting: "APPLICATION FAILED TO START", a description
 * naming the key and the value, and what to do, instead of a stack trace. The SDK's messages name
 * the key a Spring user set ({@code o11y.shutdown-timeout}, {@code OTEL_TRACES_SAMPLER_ARG}) and the fix.
 */
public final class O11yConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<O11yConfigurationException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, O11yConfigurationException cause) {
    return new FailureAnalysis(
        "o11y-sdk could not start with this configuration: " + cause.getMessage(),
        "Correct the setting named above, wherever it is set: application properties or YAML, a"
            + " command-line argument, a system property or an environment variable. To start the"
            + " application without o11y-sdk, set o11y.enabled=false.",
        cause);
  }
}
