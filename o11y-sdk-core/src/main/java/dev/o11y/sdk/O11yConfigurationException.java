package dev.o11y.sdk;

/**
 * Thrown at startup when configuration is invalid. The message names the offending key (builder
 * method, environment variable or property) and how to fix it.
 */
public final class O11yConfigurationException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public O11yConfigurationException(String message) {
    super(message);
  }

  public O11yConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
