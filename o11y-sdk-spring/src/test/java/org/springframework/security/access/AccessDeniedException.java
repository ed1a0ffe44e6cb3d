package org.springframework.security.access;

/**
 * Stands in for Spring Security's class of this name, which is not on the test classpath: the SDK
 * recognises it by name, and {@code dev.o11y.sdk.spring.app.AccessDeniedTranslator} answers it the
 * way Spring Security's {@code ExceptionTranslationFilter} does.
 */
public class AccessDeniedException extends RuntimeException {
  public AccessDeniedException(String message) {
    super(message);
  }
}
