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
 * rest of the line.
 */
public final class SecretValueMasker implements ValueMasker {

  private static final Set<String> WRITTEN_BY_THE_ENCODER = Set.of(
      O11yJsonEncoder.TIMESTAMP, O11yJsonEncoder.LEVEL, O11yJsonEncoder.LOGGER_NAME,
      ResourceJsonProvider.SERVICE, ResourceJsonProvider.ENV, ResourceJsonProvider.VERSION,
      MdcCorrelation.TRACE_ID, MdcCorrelation.SPAN_ID, MdcCorrelation.TRACE_FLAGS);

  @Override
  public Object mask(TokenStreamContext context, Object value) {
    if (!(value instanceof CharSequence text)) {
      return null;
    }
    String key = context == null ? null : context.currentName();
    if (key != null && WRITTEN_BY_THE_ENCODER.contains(key)) {
      return null;
    }
    String original = text.toString();
    String masked = SecretMasker.mask(key, original);
    return masked == original ? null : masked; // null tells the encoder "leave as is"
  }
}
