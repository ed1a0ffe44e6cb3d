package dev.o11y.sdk.spring.internal;

import dev.o11y.sdk.O11yConfigurationException;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.PropertyResolver;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The one reading of {@code o11y.enabled}, for the auto-configuration and for {@link
 * O11yEnvironmentPostProcessor}, which switches Boot's HTTP server observation off because the SDK's
 * filter replaces it. Read two ways (Spring's conversion takes on, yes and 1 as true, Boot's
 * property condition only the word true), {@code o11y.enabled=on} switched Boot's metrics off and
 * never registered the SDK's: so anything but true or false fails startup.
 */
public final class O11yEnabledCondition extends SpringBootCondition {

  static final String KEY = "o11y.enabled";

  /** True when unset. */
  public static boolean isEnabled(PropertyResolver properties) {
    String value = properties.getProperty(KEY);
    if (value == null || value.equalsIgnoreCase("true")) {
      return true;
    }
    if (value.equalsIgnoreCase("false")) {
      return false;
    }
    throw new O11yConfigurationException(KEY + "='" + value + "' is neither true nor false; use true or false");
  }

  /**
   * Whether {@code o11y.enabled} is false, never failing: for the logging system, which Boot sets up
   * after {@link O11yEnvironmentPostProcessor} has rejected any other value.
   */
  static boolean isSwitchedOff(PropertyResolver properties) {
    String value = properties.getProperty(KEY);
    return value != null && value.equalsIgnoreCase("false");
  }

  @Override
  public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
    return isEnabled(context.getEnvironment()) ? ConditionOutcome.match(KEY + " is not false")
        : ConditionOutcome.noMatch(KEY + " is false");
  }
}
