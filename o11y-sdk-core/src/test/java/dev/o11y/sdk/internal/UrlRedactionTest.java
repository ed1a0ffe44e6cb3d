package dev.o11y.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrlRedactionTest {

  @Test
  void userInfoQueryAndFragmentAreDropped() {
    assertThat(UrlRedaction.withoutCredentials("https://alice:s3cret@collector.example:4318/v1/traces?token=abc"))
        .isEqualTo("https://collector.example:4318/v1/traces");
    assertThat(UrlRedaction.withoutCredentials("http://u:p%40ss@host:4040/x#frag")).isEqualTo("http://host:4040/x");
  }

  /** Passwords pasted without percent-encoding: java.net.URI finds no host in these, or ends the authority early. */
  @Test
  void anUnencodedPasswordNeverShows() {
    assertThat(UrlRedaction.withoutCredentials("https://123456:glc_abc/def@profiles.example"))
        .isEqualTo("https://profiles.example");
    assertThat(UrlRedaction.withoutCredentials("http://user:p@ss@host:4040")).isEqualTo("http://host:4040");
    assertThat(UrlRedaction.withoutCredentials("https://u:glc_a#b@host")).isEqualTo("https://host");
    assertThat(UrlRedaction.withoutCredentials("https://u:glc_a?b@host/p")).isEqualTo("https://host/p");
  }

  @Test
  void valuesWithoutSchemeOrCredentialsKeepWhatTheUserNeedsToFixThem() {
    assertThat(UrlRedaction.withoutCredentials("http://127.0.0.1:4040")).isEqualTo("http://127.0.0.1:4040");
    assertThat(UrlRedaction.withoutCredentials("shop:s3cret@pyroscope:4040")).isEqualTo("pyroscope:4040");
    assertThat(UrlRedaction.withoutCredentials("collector:4318")).isEqualTo("collector:4318");
    assertThat(UrlRedaction.withoutCredentials(null)).isEqualTo("none");
  }
}
