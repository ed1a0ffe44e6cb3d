package dev.o11y.sdk.internal;

/** Settings come from several places in order; a blank one (an exported {@code X=}) counts as unset. */
public final class NonBlank {

  private NonBlank() {}

  /** The first of {@code values} that is neither null nor blank, or null. */
  public static String first(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }
}
