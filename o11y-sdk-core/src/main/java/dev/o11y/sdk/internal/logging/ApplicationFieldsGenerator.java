package dev.o11y.sdk.internal.logging;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.util.JsonGeneratorDelegate;

/**
 * The generator the application's key/value pairs and structured arguments are written through: a
 * top-level field the line already has ({@code service}, {@code message}, {@code trace_id}...) is
 * written under {@link CorrelationMdcJsonProvider#applicationFieldName its application name} instead.
 * Names are renamed as they are written because an {@code entries(map)} or {@code fields(object)}
 * argument's names are not known before; fields inside the application's objects keep theirs.
 */
final class ApplicationFieldsGenerator extends JsonGeneratorDelegate {

  ApplicationFieldsGenerator(JsonGenerator line) {
    super(line, true);
  }

  @Override
  public JsonGenerator writeName(String name) {
    return super.writeName(atLineLevel() ? CorrelationMdcJsonProvider.applicationFieldName(name) : name);
  }

  @Override
  public JsonGenerator writeName(SerializableString name) {
    String renamed = atLineLevel() ? CorrelationMdcJsonProvider.applicationFieldName(name.getValue()) : name.getValue();
    return renamed.equals(name.getValue()) ? super.writeName(name) : super.writeName(renamed);
  }

  /** In the line's own object, not inside one of the application's values. */
  private boolean atLineLevel() {
    return SecretValueMasker.isLineField(streamWriteContext());
  }
}
