package dev.o11y.sdk.spring.internal;

import java.net.URI;

/** The port a connection to a URL uses: the one it names, else its scheme's. */
final class UriPort {

  private UriPort() {}

  /** 443 for https, 80 for http when {@code uri} names no port; -1 for another scheme without one. */
  static int of(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    String scheme = uri.getScheme();
    if ("https".equalsIgnoreCase(scheme)) {
      return 443;
    }
    return "http".equalsIgnoreCase(scheme) ? 80 : -1;
  }
}
