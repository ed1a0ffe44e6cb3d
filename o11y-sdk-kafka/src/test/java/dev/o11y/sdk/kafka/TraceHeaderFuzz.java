package dev.o11y.sdk.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Hostile {@code traceparent}, {@code tracestate} and {@code baggage} headers for one record, and
 * what a consumer must make of them. The expectation comes from how each value was built, not from
 * parsing it again: every value is either a W3C-valid traceparent with ids chosen here, or broken in
 * a way the W3C spec rejects (wrong length, non-hex, upper case, zero ids, version ff, version 00
 * with trailing data, non-ASCII, control bytes, invalid UTF-8, empty, null), or larger than the
 * 8 KiB the SDK reads (a future-version traceparent of exactly 8 KiB is still read and continued). Duplicated headers are decoys placed before the one that counts: like Kafka's
 * own {@code lastHeader}, the last header of a name wins.
 */
final class TraceHeaderFuzz {

  /**
   * What the record's span must be: a child of {@code traceId}/{@code spanId} when {@code traceId}
   * is set, else the root of a new trace. {@code baggage} is the value of the {@code fuzz} baggage
   * entry the handler must see, {@code noBaggage} that it must see no baggage at all (the record
   * carries none, or only an oversized one).
   */
  record Expected(String traceId, String spanId, boolean sampled, String baggage, boolean noBaggage) {
    Expected withBaggage(String value, boolean none) {
      return new Expected(traceId, spanId, sampled, value, none);
    }
  }

  record Fuzzed(Headers headers, Expected expected, int bytes) {}

  /** Values up to this size are read; one byte more and the header is ignored. */
  static final int READ_LIMIT = 8 * 1024;

  private static final String[] NON_ASCII = {"é", "ё", "€", "日本", "😀", "\u200b", "\ufeff"};
  private static final String[] CONTROL = {"\u0000", "\n", "\r", "\t", "\u001b[31m", "\u007f", "\u0085"};
  private static final byte[][] BAD_UTF8 = {
      {(byte) 0xff}, {(byte) 0xc3}, {(byte) 0x80}, {(byte) 0xc0, (byte) 0xaf}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
      {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}};

  private final SplittableRandom random;
  private final HexFormat hex = HexFormat.of();
  private final int maxHeaderBytes;
  /** What the current record's headers may still take, so it fits the broker's record limit. */
  private int remaining;
  /** Whether the current record may still get a value near {@link #maxHeaderBytes}. */
  private boolean hugeAllowed;

  /** @param maxHeaderBytes the most header bytes one record carries; it must fit the broker's limit */
  TraceHeaderFuzz(long seed, int maxHeaderBytes) {
    this.random = new SplittableRandom(seed);
    this.maxHeaderBytes = maxHeaderBytes;
  }

  Fuzzed next(int index) {
    RecordHeaders headers = new RecordHeaders();
    int[] bytes = {0};
    remaining = maxHeaderBytes;
    hugeAllowed = random.nextInt(1_000) == 0; // its first broken or list value is then ~0.5–1 MB
    int decoys = random.nextInt(5) == 0 ? 1 + random.nextInt(3) : 0;
    for (int i = 0; i < decoys; i++) {
      add(headers, "traceparent", random.nextBoolean() ? validTraceparent(hexId(16), hexId(8), "01")
          : invalidTraceparent(), bytes);
    }
    Expected expected;
    if (random.nextInt(20) == 0 && decoys == 0) {
      expected = new Expected(null, null, true, null, true); // no traceparent at all
    } else if (random.nextBoolean()) {
      String traceId = hexId(16);
      String spanId = hexId(8);
      int flags = random.nextInt(256);
      String version = random.nextInt(10) == 0 ? hex.toHexDigits((byte) (1 + random.nextInt(254))) : "00";
      String value = version + "-" + traceId + "-" + spanId + "-" + hex.toHexDigits((byte) flags);
      // later versions may append fields; readers take the first four
      byte[] encoded = ascii(value);
      if (!version.equals("00") && random.nextBoolean()) {
        encoded = random.nextInt(10) == 0 ? padded(value + "-", READ_LIMIT) : ascii(value + "-future-extension");
      }
      add(headers, "traceparent", encoded, bytes);
      expected = new Expected(traceId, spanId, (flags & 1) == 1, null, true);
    } else {
      add(headers, "traceparent", invalidTraceparent(), bytes);
      expected = new Expected(null, null, true, null, true);
    }
    if (random.nextInt(3) == 0) {
      int states = random.nextInt(4) == 0 ? 2 : 1;
      for (int i = 0; i < states; i++) {
        add(headers, "tracestate", fuzzedListHeader("vendor"), bytes);
      }
    }
    if (random.nextInt(3) == 0) {
      if (random.nextInt(4) == 0) {
        add(headers, "baggage", fuzzedListHeader("fuzz"), bytes); // a decoy: the last one counts
      }
      switch (random.nextInt(3)) {
        case 0 -> {
          String value = "fuzz=" + index + (random.nextBoolean() ? ",other=x;prop=1" : "");
          add(headers, "baggage", value.getBytes(StandardCharsets.US_ASCII), bytes);
          expected = expected.withBaggage(Integer.toString(index), false);
        }
        case 1 -> {
          add(headers, "baggage", padded("fuzz=" + index + ",other=", READ_LIMIT + 1 + random.nextInt(8 * 1024)), bytes);
          expected = expected.withBaggage(null, true); // well-formed, but over the limit: ignored
        }
        default -> {
          add(headers, "baggage", fuzzedListHeader("fuzz"), bytes);
          expected = expected.withBaggage(null, false); // whatever parses, nothing is asserted of it
        }
      }
    }
    return new Fuzzed(headers, expected, bytes[0]);
  }

  private void add(RecordHeaders headers, String key, byte[] value, int[] bytes) {
    headers.add(key, value);
    int size = key.length() + (value == null ? 0 : value.length);
    bytes[0] += size;
    remaining -= size;
  }

  /** A value the W3C spec rejects, each way chosen at random. */
  private byte[] invalidTraceparent() {
    String traceId = hexId(16);
    String spanId = hexId(8);
    String valid = "00-" + traceId + "-" + spanId + "-01";
    // a later version may append fields, so this would be a valid parent if the SDK read it
    String validFutureVersion = "cc-" + traceId + "-" + spanId + "-01-";
    if (hugeAllowed) {
      return huge(validFutureVersion);
    }
    return switch (random.nextInt(15)) {
      case 0 -> ascii("00-" + traceId.substring(1) + "-" + spanId + "-01");
      case 1 -> ascii("00-" + traceId + "a-" + spanId + "-01");
      case 2 -> ascii(replaceAt(valid, "g"));
      case 3 -> ascii("00-" + "A" + traceId.substring(1).toUpperCase() + "-" + spanId + "-01");
      case 4 -> ascii("00-" + "0".repeat(32) + "-" + spanId + "-01");
      case 5 -> ascii("00-" + traceId + "-" + "0".repeat(16) + "-01");
      case 6 -> ascii("ff-" + traceId + "-" + spanId + "-01");
      case 7 -> ascii(valid + (random.nextBoolean() ? "-x" : "x"));
      case 8 -> ascii("00-" + traceId + "-" + spanId + "-zz");
      case 9 -> randomBytes(random.nextInt(120));
      case 10 -> replaceAt(valid, NON_ASCII[random.nextInt(NON_ASCII.length)]).getBytes(StandardCharsets.UTF_8);
      case 11 -> replaceAt(valid, CONTROL[random.nextInt(CONTROL.length)]).getBytes(StandardCharsets.UTF_8);
      case 12 -> invalidUtf8(valid);
      case 13 -> random.nextBoolean() ? new byte[0] : null;
      default -> padded(validFutureVersion, READ_LIMIT + 1 + random.nextInt(4 * 1024));
    };
  }

  /** tracestate or baggage: a well-formed list, or broken, oversized, or hostile in another way. */
  private byte[] fuzzedListHeader(String key) {
    if (hugeAllowed) {
      return huge(key + "=");
    }
    return switch (random.nextInt(9)) {
      case 0 -> ascii(key + "=" + hexId(4));
      case 1 -> ascii(key + "=a,".repeat(1 + random.nextInt(200)));
      case 2 -> ascii("=;;=,,%zz=%zz,k==v=,=v," + key);
      case 3 -> (key + "=" + NON_ASCII[random.nextInt(NON_ASCII.length)]).getBytes(StandardCharsets.UTF_8);
      case 4 -> (key + "=" + CONTROL[random.nextInt(CONTROL.length)] + "v").getBytes(StandardCharsets.UTF_8);
      case 5 -> invalidUtf8(key + "=value");
      case 6 -> randomBytes(random.nextInt(300));
      case 7 -> random.nextBoolean() ? new byte[0] : null;
      default -> padded(key + "=", READ_LIMIT + 1 + random.nextInt(4 * 1024));
    };
  }

  private static byte[] validTraceparent(String traceId, String spanId, String flags) {
    return ascii("00-" + traceId + "-" + spanId + "-" + flags);
  }

  /** Lower-case hex of {@code bytes} random bytes, never all zero. */
  private String hexId(int bytes) {
    byte[] id = new byte[bytes];
    random.nextBytes(id);
    id[bytes - 1] |= 1;
    return hex.formatHex(id);
  }

  private String replaceAt(String value, String replacement) {
    int at = random.nextInt(value.length());
    return value.substring(0, at) + replacement + value.substring(at + 1);
  }

  private byte[] invalidUtf8(String value) {
    byte[] bad = BAD_UTF8[random.nextInt(BAD_UTF8.length)];
    byte[] ascii = ascii(value);
    int at = random.nextInt(ascii.length);
    byte[] out = new byte[ascii.length - 1 + bad.length];
    System.arraycopy(ascii, 0, out, 0, at);
    System.arraycopy(bad, 0, out, at, bad.length);
    System.arraycopy(ascii, at + 1, out, at + bad.length, ascii.length - at - 1);
    return out;
  }

  private byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  /** Half the record limit or more; once per record at most. */
  private byte[] huge(String prefix) {
    hugeAllowed = false;
    return padded(prefix, maxHeaderBytes / 2 + random.nextInt(maxHeaderBytes / 2));
  }

  /**
   * {@code prefix} then filler up to {@code size} bytes, or up to what the record may still take;
   * always at least one filler byte, so a padded traceparent is never the bare valid one.
   */
  private byte[] padded(String prefix, int size) {
    byte[] head = ascii(prefix);
    byte[] bytes = new byte[Math.max(head.length + 1, Math.min(size, remaining - 256))];
    Arrays.fill(bytes, (byte) 'a');
    System.arraycopy(head, 0, bytes, 0, head.length);
    return bytes;
  }

  private static byte[] ascii(String value) {
    return value.getBytes(StandardCharsets.US_ASCII);
  }
}
