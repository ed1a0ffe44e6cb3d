package dev.o11y.sdk.spring.http;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

/**
 * Trace-context headers as hostile clients send them, one kind per request number: valid ones
 * (whose trace must be continued), absent, printable garbage, near-misses of the W3C format, huge
 * (under and over the server's 8 KB header limit), non-ASCII and control bytes, and too many
 * members. Each kind says what the server may answer.
 */
public final class HeaderFuzz {

  /** What one request sends and what it may get back. */
  public record Input(Kind kind, String traceId, String requestId, byte[][] headers) {}

  public enum Kind {
    VALID, ABSENT, GARBAGE, NEAR_MISS, HUGE, OVER_LIMIT, NON_ASCII, CONTROL_BYTES, TOO_MANY_MEMBERS;

    /** Whether the server may refuse it before the application sees it (400/431 or a closed connection). */
    public boolean mayBeRefused() {
      return this == OVER_LIMIT || this == CONTROL_BYTES || this == NON_ASCII;
    }
  }

  private static final Kind[] KINDS = Kind.values();
  private static final HexFormat HEX = HexFormat.of();

  private HeaderFuzz() {}

  public static Input input(Random random, int i) {
    Kind kind = KINDS[i % KINDS.length];
    String requestId = "req-" + i; // matches the accepted pattern: must come back unchanged
    return switch (kind) {
      case VALID -> {
        String traceId = hex(random, 16);
        yield new Input(kind, traceId, requestId, headers(requestId,
            "00-" + traceId + "-" + hex(random, 8) + "-01", "vendor=" + i, "user=u" + i));
      }
      case ABSENT -> new Input(kind, null, null, new byte[0][]);
      case GARBAGE -> new Input(kind, null, "<script>" + i, headers("<script>" + i,
          printable(random, random.nextInt(300)), printable(random, random.nextInt(300)),
          printable(random, random.nextInt(300))));
      case NEAR_MISS -> new Input(kind, null, requestId, headers(requestId, nearMiss(random, i),
          "a=1,,b=2,=,c", ";;;,=,key=va lue;prop"));
      case HUGE -> new Input(kind, null, requestId, headers(requestId,
          "00-" + hex(random, 16) + "-" + hex(random, 8) + "-01" + "x".repeat(2_000),
          "k=" + "v".repeat(random.nextInt(2_500)), "b=" + "w".repeat(random.nextInt(2_500))));
      case OVER_LIMIT -> new Input(kind, null, requestId, headers(requestId,
          "x".repeat(8_192 + random.nextInt(24_000)), "s=1", "b=1"));
      case NON_ASCII -> new Input(kind, null, "запрос-" + i, new byte[][] {
          utf8("X-Request-ID: запрос-" + i),
          utf8("traceparent: 00-ЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖ-" + hex(random, 8) + "-01"),
          utf8("tracestate: 🐟=🎣,ключ=значение"),
          concat(latin1("baggage: k="), randomBytes(random, 0x80, 0x100, 40))});
      case CONTROL_BYTES -> new Input(kind, null, requestId, new byte[][] {
          latin1("X-Request-ID: " + requestId),
          concat(latin1("traceparent: 00-"), randomBytes(random, 0, 0x20, 32)),
          latin1("tracestate: a=\u001b[31mred\u001b[0m"),
          latin1("baggage: k=v\u0000\u007f\u0008")});
      case TOO_MANY_MEMBERS -> new Input(kind, null, requestId, headers(requestId,
          "00-" + hex(random, 16) + "-" + hex(random, 8) + "-01",
          members("t%d=%d", 100), members("k%d=v%d;p=%d", 180)));
    };
  }

  private static byte[][] headers(String requestId, String traceparent, String tracestate, String baggage) {
    return new byte[][] {
      latin1("X-Request-ID: " + requestId), latin1("traceparent: " + traceparent),
      latin1("tracestate: " + tracestate), latin1("baggage: " + baggage)};
  }

  private static String nearMiss(Random random, int i) {
    return switch (i % 5) {
      case 0 -> "ff-" + hex(random, 16) + "-" + hex(random, 8) + "-01";
      case 1 -> "00-" + "0".repeat(32) + "-" + "0".repeat(16) + "-01";
      case 2 -> "00-" + hex(random, 16).toUpperCase() + "-" + hex(random, 8) + "-01";
      case 3 -> "00-" + hex(random, 16) + "-" + hex(random, 8) + "-01-extra-fields";
      default -> " 00-" + hex(random, 15) + "-" + hex(random, 9) + "-0x ";
    };
  }

  private static String members(String format, int count) {
    StringBuilder members = new StringBuilder();
    for (int m = 0; m < count; m++) {
      members.append(m == 0 ? "" : ",").append(String.format(format, m, m, m));
    }
    return members.toString();
  }

  private static String hex(Random random, int bytes) {
    byte[] raw = new byte[bytes];
    random.nextBytes(raw);
    return HEX.formatHex(raw);
  }

  /** Visible ASCII only: legal in a header value, so the server must accept it. */
  private static String printable(Random random, int length) {
    char[] chars = new char[length];
    for (int c = 0; c < length; c++) {
      chars[c] = (char) (0x21 + random.nextInt(0x7e - 0x21));
    }
    return new String(chars);
  }

  private static byte[] randomBytes(Random random, int from, int to, int length) {
    byte[] bytes = new byte[length];
    for (int b = 0; b < length; b++) {
      int value = from + random.nextInt(to - from);
      bytes[b] = (byte) (value == '\r' || value == '\n' ? 0x01 : value); // CR/LF would end the header
    }
    return bytes;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = new byte[a.length + b.length];
    System.arraycopy(a, 0, both, 0, a.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  private static byte[] latin1(String header) {
    return header.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] utf8(String header) {
    return header.getBytes(StandardCharsets.UTF_8);
  }
}
