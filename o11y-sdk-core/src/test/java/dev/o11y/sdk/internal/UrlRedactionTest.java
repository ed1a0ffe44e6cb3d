package dev.o11y.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrlRedactionTest {

  @Test
  void userInfoAndQueryAreDropped() {
    assertThat(UrlRedaction.withoutCredentials("https://alice:s3cret@collector.example:4318/v1/traces?token=abc"))
        .isEqualTo("https://collector.example:4318/v1/traces");
  }

  @Test
  void aPlainUrlIsKept() {
    assertThat(UrlRedaction.withoutCredentials("http://127.0.0.1:4040")).isEqualTo("http://127.0.0.1:4040");
  }

  @Test
  void somethingThatIsNotAUrlIsNotEchoed() {
    assertThat(UrlRedaction.withoutCredentials("not a url with secret")).isEqualTo("(not a URL)");
    assertThat(UrlRedaction.withoutCredentials("secret-token")).isEqualTo("(not a URL)");
    assertThat(UrlRedaction.withoutCredentials(null)).isEqualTo("none");
  }
}
