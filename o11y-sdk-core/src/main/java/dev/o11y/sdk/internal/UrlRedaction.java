package dev.o11y.sdk.internal;

/**
 * What of a configured backend URL may be shown: in logs, warnings, startup errors and the
 * self-check endpoint. A {@code user:password@} or a token in the query or fragment is a credential,
 * so only scheme, host, port and path survive.
 *
 * <p>Works on the text, not on {@link java.net.URI}: a password pasted without percent-encoding
 * ({@code /}, {@code #} or {@code @} in it) makes the URL unparseable or moves where a parser ends
 * the authority, and such a value is exactly the one a startup error must quote without leaking.
 * Everything up to the last {@code @} after the scheme is taken as user info: a path holding an
 * {@code @} is shown shorter, never a password longer.
 */
public final class UrlRedaction {

  private UrlRedaction() {}

  /** Scheme, host, port and path of {@code url}; "none" for null. */
  public static String withoutCredentials(String url) {
    if (url == null) {
      return "none";
    }
    int schemeEnd = url.indexOf("://");
    int start = schemeEnd < 0 ? 0 : schemeEnd + 3;
    String rest = url.substring(start);
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      rest = rest.substring(at + 1);
    }
    for (char end : new char[] {'?', '#'}) {
      int cut = rest.indexOf(end);
      if (cut >= 0) {
        rest = rest.substring(0, cut);
      }
    }
    return url.substring(0, start) + rest;
  }
}
