package dev.o11y.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link SecretMasker#mask(String)} skips rules that one scan shows cannot match. A skip that is
 * wrong leaks a secret into a log line, so the fast path is checked against every rule run on every
 * text, over texts built from the pieces the rules look for.
 */
class SecretMaskerPrescanTest {

  private static final String[] PIECES = {
    "password", "PassWd", "pwd", "secret", "client_secret", "token", "ACCESS_TOKEN", "api_key", "Api-Key",
    "apikey", "authorization", "credentials", "Bearer", "basic", "eyJ", "eyJhbGciOi", ".", "@", "angler",
    "plotva.ru", "=", ":", "\"", " ", "  ", "\t", "\n", "\r", "\u000B", "\f", "-", "(", ")", "+", ",", ";",
    "&", "}", "_", "0", "1", "4", "7", "8", "9", "4111", "1111", "912", "345", "67", "89", "2026-11-21",
    "é", "ſ", "\u212A", "x", "Q", "ok", "abc123", "c4c3bd82-4836-4164-8192-54b10a241d89",
    "e4836-41648192-5410", "12345678-1234-4567-8901-234567890123", "a1234567890123", "_", "Z",
  };

  @Test
  void thePrescanNeverSkipsARuleThatWouldMatch() {
    Random random = new Random(7);
    int masked = 0;
    for (int i = 0; i < 300_000; i++) {
      StringBuilder text = new StringBuilder();
      int pieces = 1 + random.nextInt(14);
      for (int p = 0; p < pieces; p++) {
        text.append(PIECES[random.nextInt(PIECES.length)]);
      }
      String input = text.toString();
      String expected = SecretMasker.maskEveryRule(input);
      assertThat(SecretMasker.mask(input)).as(input).isEqualTo(expected);
      masked += expected.equals(input) ? 0 : 1;
    }
    // the generator must produce texts that do get masked, or the comparison proves nothing
    assertThat(masked).isGreaterThan(5_000);
  }

  /** The scan skips digits glued to a word (a UUID's); a number after a word and a space still counts. */
  @Test
  void aNumberAfterAWordAndASpaceIsFound() {
    String text = "call me +7 912 345-67-89 or pay by card 4111 1111 1111 1111";
    assertThat(SecretMasker.mask(text)).isEqualTo(SecretMasker.maskEveryRule(text))
        .doesNotContain("912").doesNotContain("4111 1111");
    String requestId = "c4c3bd82-4836-4164-8192-541086410000";
    assertThat(SecretMasker.mask(requestId)).isSameAs(requestId);
  }

  @Test
  void aBearerTokenAfterATabIsMasked() {
    assertThat(SecretMasker.mask("Authorization:\tBearer\tabcdef123456")).doesNotContain("abcdef123456");
  }

  @Test
  void credentialWordsAreFoundInAnyAsciiCase() {
    assertThat(SecretMasker.mentionsCredentialWord("x PaSsWoRd")).isTrue();
    assertThat(SecretMasker.mentionsCredentialWord("my ApI")).isTrue();
    assertThat(SecretMasker.mentionsCredentialWord("looking up product 2")).isFalse();
    assertThat(SecretMasker.mentionsCredentialWord("ap")).isFalse();
  }
}
