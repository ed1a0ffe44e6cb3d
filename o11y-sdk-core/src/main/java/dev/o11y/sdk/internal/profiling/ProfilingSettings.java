package dev.o11y.sdk.internal.profiling;

import dev.o11y.sdk.internal.UrlRedaction;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Continuous-profiling configuration; {@code url == null} means no profiler is loaded at all.
 *
 * <p>A {@code user:password@} in {@code url} is a credential: the agent gets the URL without it
 * ({@link #serverAddress()}) and the pair as HTTP basic auth ({@link #basicAuthUser()}, {@link
 * #basicAuthPassword()}), which it sends as an {@code Authorization} header and prints nowhere; what
 * is shown of the URL is {@link #shownUrl()}.
 *
 * @param event {@code itimer} (works everywhere), {@code cpu} (perf events) or {@code wall}
 * @param alloc allocation sampling threshold such as {@code 512k}, or null for none
 * @param lock lock-contention threshold such as {@code 10ms}, or null for none
 */
public record ProfilingSettings(String url, String event, String alloc, String lock, Duration uploadInterval) {

  public static final ProfilingSettings OFF = new ProfilingSettings(null, "itimer", null, null, Duration.ofSeconds(10));

  public boolean enabled() {
    return url != null;
  }

  /** The URL as logs and the self-check may show it: no user, password or query. */
  public String shownUrl() {
    return UrlRedaction.withoutCredentials(url);
  }

  /** {@link #url()} without its {@code user:password@}: the address the agent uploads to and prints. */
  String serverAddress() {
    String userInfo = rawUserInfo();
    if (userInfo == null) {
      return url;
    }
    int at = url.indexOf(userInfo + "@");
    return url.substring(0, at) + url.substring(at + userInfo.length() + 1);
  }

  /** The URL's user, percent-decoded; null when it names none. */
  String basicAuthUser() {
    String userInfo = rawUserInfo();
    if (userInfo == null) {
      return null;
    }
    int colon = userInfo.indexOf(':');
    return decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
  }

  /** The URL's password, percent-decoded; null when it names none. */
  String basicAuthPassword() {
    String userInfo = rawUserInfo();
    int colon = userInfo == null ? -1 : userInfo.indexOf(':');
    return colon < 0 ? null : decode(userInfo.substring(colon + 1));
  }

  /** {@code text} with the URL's credentials, as written or decoded, replaced by {@code ****}. */
  String hideCredentials(String text) {
    String userInfo = rawUserInfo();
    if (text == null || userInfo == null) {
      return text;
    }
    String hidden = text.replace(url, shownUrl());
    String password = basicAuthPassword();
    for (String secret : new String[] {userInfo, password, userInfo.substring(userInfo.indexOf(':') + 1)}) {
      if (secret != null && !secret.isEmpty()) {
        hidden = hidden.replace(secret, "****");
      }
    }
    return hidden;
  }

  /** Never the credentials: a record prints every component by default. */
  @Override
  public String toString() {
    return "ProfilingSettings[url=" + shownUrl() + ", event=" + event + ", alloc=" + alloc + ", lock=" + lock
        + ", uploadInterval=" + uploadInterval + "]";
  }

  private String rawUserInfo() {
    if (url == null) {
      return null;
    }
    try {
      String userInfo = URI.create(url).getRawUserInfo();
      return userInfo == null || userInfo.isEmpty() ? null : userInfo;
    } catch (IllegalArgumentException notAUri) {
      return null;
    }
  }

  private static String decode(String part) {
    try {
      return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8); // '+' is no space here
    } catch (IllegalArgumentException badEscape) {
      return part;
    }
  }
}
