package dev.o11y.sdk.internal.logging;

import dev.o11y.sdk.internal.SecretMasker;
import dev.o11y.sdk.internal.context.MdcCorrelation;
import java.util.Set;
import net.logstash.logback.mask.ValueMasker;
import tools.jackson.core.TokenStreamContext;

/**
 * Plugs {@link SecretMasker} into logstash-logback-encoder: every string value of every field,
 * except the fields the encoder itself fills with values that cannot carry user data (timestamp,
 * level, logger, the SDK's resource and correlation fields) — masking those cost more than the
 * rest of the line. Only the line's own top-level fields are skipped: the same names inside an
 * application's object, or written by an application's structured argument ({@link
 * #writingApplicationFields}), are masked like any other.
 */
public final class SecretValueMasker implements ValueMasker {

  private static final ThreadLocal<Boolean> APPLICATION_FIELDS = ThreadLocal.withInitial(() -> Boolean.FALSE);

  private static final Set<String> WRITTEN_BY_THE_ENCODER = Set.of(
      O11yJsonEncoder.TIMESTAMP, O11yJsonEncoder.LEVEL, O11yJsonEncoder.LOGGER_NAME,
      ResourceJsonProvider.SERVICE, ResourceJsonProvider.ENV, ResourceJsonProvider.VERSION,
      MdcCorrelation.TRACE_ID, MdcCorrelation.SPAN_ID, MdcCorrelation.TRACE_FLAGS, MdcCorrelation.OPERATION);

  @Override
  public Object mask(TokenStreamContext context, Object value) {
    if (!(value instanceof CharSequence text)) {
      return null;
    }
    String key = context == null ? null : context.currentName();
    boolean linesOwn = key != null && isTopLevel(context) && !APPLICATION_FIELDS.get();
    if (linesOwn && WRITTEN_BY_THE_ENCODER.contains(key)) {
      return null;
    }
    String original = text.toString();
    String masked = SecretMasker.maskApplicationValue(key, original);
    return masked == original ? null : masked; // null tells the encoder "leave as is"
  }

  /** Runs {@code write} with every name it writes treated as the application's, however it is spelt. */
  static void writingApplicationFields(Runnable write) {
    Boolean outer = APPLICATION_FIELDS.get();
    APPLICATION_FIELDS.set(Boolean.TRUE);
    try {
      write.run();
    } finally {
      APPLICATION_FIELDS.set(outer);
    }
  }

  private static boolean isTopLevel(TokenStreamContext context) {
    TokenStreamContext parent = context.getParent();
    return parent != null && parent.inRoot();
  }
}
