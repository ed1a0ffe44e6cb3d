package dev.o11y.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o11y.sdk.internal.SecretMasker;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SecretMaskerTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "password=hunter2 ok|password=**** ok",
      "{\"password\":\"hunter2\"}|{\"password\":\"****\"}",
      "Authorization: Bearer abc.def.ghi123|Authorization: Bearer ****",
      "api_key=AKIA1234567890 rest|api_key=**** rest",
      "write to angler@plotva.ru now|write to **** now",
      "call +7 (912) 345-67-89 today|call **** today",
      "call 8 912 345 67 89 today|call **** today",
      "call 8-912-345-67-89.|call ****.",
      "card 4111 1111 1111 1111 paid|card ****1111 paid",
      "card 4111111111111111 paid|card ****1111 paid",
      "upload to https://123456:glc_abc/def@profiles.example/ingest failed|upload to https://****@profiles.example/ingest failed",
      "POST http://user:p@ss@host:4040 refused|POST http://****@host:4040 refused",
      "jdbc:postgresql://shop:s3cret@db:5432/shop down|jdbc:postgresql://****@db:5432/shop down",
  })
  void masksSecretsInsideText(String input, String expected) {
    assertThat(SecretMasker.mask(input)).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void requestIdsAndOtherUuidsAreNeverAltered() {
    // the phone rule used to take digit groups of UUIDs (820 in 100,000 X-Request-IDs were corrupted)
    java.util.Random random = new java.util.Random(42);
    for (int i = 0; i < 100_000; i++) {
      String uuid = new java.util.UUID(random.nextLong(), random.nextLong()).toString();
      assertThat(SecretMasker.mask("request_id", uuid)).as(uuid).isSameAs(uuid);
    }
    assertThat(SecretMasker.mask("c4c3bd82-4836-4164-8192-54b10a241d89")).isEqualTo("c4c3bd82-4836-4164-8192-54b10a241d89");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "order 12345 shipped",
      "took 1234567890 ns",
      "2026-11-21 17:30:26 started",
      "trace 4bf92f3577b34da6a3ce929d0e0e4736",
      "version 1.2.3 on 127.0.0.1:8080",
      "exporting to http://127.0.0.1:4318/v1/traces",
      "sku 1234567812345678 is not a valid card (luhn fails)",
  })
  void leavesOrdinaryTextAlone(String input) {
    assertThat(SecretMasker.mask(input)).isSameAs(input);
  }

  @org.junit.jupiter.api.Test
  void aValueWithoutAKeyIsMaskedLikeFreeText() {
    // JSON array elements have no field name; this used to throw from Set.of(..).contains(null)
    assertThat(SecretMasker.mask(null, "password=hunter2")).isEqualTo("password=****");
    assertThat(SecretMasker.isSensitiveKey(null)).isFalse();
  }

  @ParameterizedTest
  @CsvSource({"password,true", "user.email,true", "X-Auth-Token,true", "phone_number,true",
      "trace_id,false", "span_id,false", "cart,false", "operation,false"})
  void sensitiveKeys(String key, boolean sensitive) {
    assertThat(SecretMasker.isSensitiveKey(key)).isEqualTo(sensitive);
  }
}
