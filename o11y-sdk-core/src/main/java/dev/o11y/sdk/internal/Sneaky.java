package dev.o11y.sdk.internal;

/** Rethrows any throwable unchanged, checked ones included, without wrapping. */
public final class Sneaky {

  private Sneaky() {}

  /** Never returns; declared to return so callers can write {@code throw Sneaky.rethrow(e)}. */
  public static RuntimeException rethrow(Throwable error) {
    throw Sneaky.<RuntimeException>cast(error);
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E cast(Throwable error) throws E {
    throw (E) error;
  }
}
