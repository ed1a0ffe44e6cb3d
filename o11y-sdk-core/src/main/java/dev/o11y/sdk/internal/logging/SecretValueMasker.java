package dev.o11y.sdk.internal.logging;

import dev.o11y.sdk.internal.SecretMasker;
import net.logstash.logback.mask.ValueMasker;
import tools.jackson.core.TokenStreamContext;

/** Plugs {@link SecretMasker} into logstash-logback-encoder: every string value of every field. */
public final class SecretValueMasker implements ValueMasker {

  @Override
  public Object mask(TokenStreamContext context, Object value) {
    if (!(value instanceof CharSequence text)) {
      return null;
    }
    String key = context == null ? null : context.currentName();
    String original = text.toString();
    String masked = SecretMasker.mask(key, original);
    return masked == original ? null : masked; // null tells the encoder "leave as is"
  }
}
