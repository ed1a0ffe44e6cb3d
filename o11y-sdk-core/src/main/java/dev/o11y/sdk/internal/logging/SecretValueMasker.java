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
 * application's object are masked like any other, and an application's top-level field of such a
 * name is written renamed ({@link ApplicationFieldsGenerator}), so it is masked too.
 */
public final class SecretValueMasker implements ValueMasker {

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
    // an application's field of such a name reaches here renamed (ApplicationFieldsGenerator), so a
    // top-level field of one of these names is the encoder's own
    if (key != null && isLineField(context) && WRITTEN_BY_THE_ENCODER.contains(key)) {
      return null;
    }
    String original = text.toString();
    String masked = SecretMasker.maskApplicationValue(key, original);
    return masked == original ? null : masked; // null tells the encoder "leave as is"
  }

  /** Whether {@code context} is the line's own object, not one inside an application's value. */
  static boolean isLineField(TokenStreamContext context) {
    TokenStreamContext parent = context.getParent();
    return parent != null && parent.inRoot();
  }
}
