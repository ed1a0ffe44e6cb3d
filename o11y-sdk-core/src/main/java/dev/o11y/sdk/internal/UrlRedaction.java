package dev.o11y.sdk.internal;

import java.net.URI;

/**
 * What of a configured backend URL may be shown: in logs, warnings and the self-check endpoint. A
 * {@code user:password@} or a token in the query is a credential, so only scheme, host, port and
 * path survive.
 */
public final class UrlRedaction {

  private UrlRedaction() {}

  /** Scheme, host, port and path of {@code url}; "(not a URL)" when it does not parse. */
  public static String withoutCredentials(String url) {
    if (url == null) {
      return "none";
    }
    try {
      URI uri = URI.create(url);
      if (uri.getScheme() == null) {
        return "(not a URL)";
      }
      String authority = uri.getRawAuthority();
      String host = authority == null ? "" : authority.substring(authority.lastIndexOf('@') + 1);
      return uri.getScheme() + "://" + host + (uri.getRawPath() == null ? "" : uri.getRawPath());
    } catch (IllegalArgumentException e) {
      return "(not a URL)";
    }
  }
}
