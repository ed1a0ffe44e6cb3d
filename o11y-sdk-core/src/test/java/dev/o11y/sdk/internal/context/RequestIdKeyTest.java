package dev.o11y.sdk.internal.context;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.context.Context;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A request keeps the id it came with only when that id is plain and masking would leave it as it is;
 * otherwise it gets a fresh version 4 UUID, which masking never changes either.
 */
class RequestIdKeyTest {

  @Test
  void aPlainIncomingIdIsKept() {
    for (String plain : new String[] {"req-123", "order-42.retry:1", "a".repeat(128),
        "0733a324610f5cd331f5be98833a00cd"}) {
      assertThat(RequestIdKey.from(RequestIdKey.with(Context.root(), plain))).isEqualTo(plain);
    }
  }

  @Test
  void anIdMaskingWouldChangeOrThatIsNotPlainIsReplaced() {
    Set<String> given = new HashSet<>();
    for (String refused : new String[] {"4111-1111-1111-1111", "8-912-345-67-89", "79123456789",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.c2lnbmF0dXJl", "token:s3cr3t-value", "a".repeat(129),
        "id with spaces", "запрос-1", "", null}) {
      String id = RequestIdKey.from(RequestIdKey.with(Context.root(), refused));
      assertThat(id).as("%s", refused).isNotEqualTo(refused);
      UUID uuid = UUID.fromString(id);
      assertThat(uuid.toString()).isEqualTo(id);
      assertThat(uuid.version()).isEqualTo(4);
      assertThat(uuid.variant()).isEqualTo(2);
      assertThat(given.add(id)).as("a fresh id each time").isTrue();
    }
  }

  @Test
  void generatedIdsAreLeftAloneByMasking() {
    for (int i = 0; i < 10_000; i++) {
      String id = RequestIdKey.from(RequestIdKey.with(Context.root(), null));
      assertThat(RequestIdKey.from(RequestIdKey.with(Context.root(), id))).as("a generated id is accepted back").isSameAs(id);
    }
  }
}
