package dev.o11y.sdk.internal.logging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/**
 * One JSON line in UTF-8, escaped byte for byte as Jackson escapes it (short escapes for
 * {@code \b \t \n \f \r " \\}, {@code \\uXXXX} with upper-case hex for other control characters and for
 * unpaired surrogates, everything else as is), so a line written here is identical to the one
 * logstash-logback-encoder writes for the same event. One writer per thread: its buffer and its last
 * second's timestamp text are reused from line to line.
 */
final class JsonLineWriter {

  /** A buffer that grew beyond this for one huge line is not kept for the next. */
  private static final int RETAINED_CAPACITY = 16 * 1024;
  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
  private static final byte[][] ESCAPES = new byte[128][];

  static {
    for (int c = 0; c < 0x20; c++) {
      ESCAPES[c] = new byte[] {'\\', 'u', '0', '0', HEX[c >> 4], HEX[c & 0xF]};
    }
    ESCAPES['\b'] = new byte[] {'\\', 'b'};
    ESCAPES['\t'] = new byte[] {'\\', 't'};
    ESCAPES['\n'] = new byte[] {'\\', 'n'};
    ESCAPES['\f'] = new byte[] {'\\', 'f'};
    ESCAPES['\r'] = new byte[] {'\\', 'r'};
    ESCAPES['"'] = new byte[] {'\\', '"'};
    ESCAPES['\\'] = new byte[] {'\\', '\\'};
  }

  private byte[] buffer = new byte[1024];
  private int length;
  private long second = Long.MIN_VALUE;
  private byte[] secondText;

  /** Starts a new line. */
  JsonLineWriter reset() {
    if (buffer.length > RETAINED_CAPACITY) {
      buffer = new byte[1024];
    }
    length = 0;
    return this;
  }

  /** The line so far, as a new array. */
  byte[] toByteArray() {
    return Arrays.copyOf(buffer, length);
  }

  /** Bytes that are valid JSON as they are: punctuation, pre-encoded field names. */
  JsonLineWriter raw(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buffer, length, bytes.length);
    length += bytes.length;
    return this;
  }

  JsonLineWriter raw(char ascii) {
    ensure(1);
    buffer[length++] = (byte) ascii;
    return this;
  }

  /** A quoted JSON string. */
  JsonLineWriter string(String text) {
    int n = text.length();
    ensure(n + 2);
    byte[] out = buffer;
    int at = length;
    out[at++] = '"';
    int i = 0;
    // the common case: printable ASCII, one byte per char, room ensured above
    for (; i < n; i++) {
      char c = text.charAt(i);
      if (c >= 0x80 || ESCAPES[c] != null) {
        break;
      }
      out[at++] = (byte) c;
    }
    length = at;
    if (i < n) {
      escaped(text, i, n);
    }
    ensure(1);
    buffer[length++] = '"';
    return this;
  }

  private void escaped(String text, int from, int n) {
    for (int i = from; i < n; i++) {
      char c = text.charAt(i);
      ensure(6); // the longest a char becomes: \\uXXXX
      if (c < 0x80) {
        byte[] escape = ESCAPES[c];
        if (escape == null) {
          buffer[length++] = (byte) c;
        } else {
          System.arraycopy(escape, 0, buffer, length, escape.length);
          length += escape.length;
        }
      } else if (c < 0x800) {
        buffer[length++] = (byte) (0xC0 | c >> 6);
        buffer[length++] = (byte) (0x80 | c & 0x3F);
      } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
        int codePoint = Character.toCodePoint(c, text.charAt(++i));
        buffer[length++] = (byte) (0xF0 | codePoint >> 18);
        buffer[length++] = (byte) (0x80 | codePoint >> 12 & 0x3F);
        buffer[length++] = (byte) (0x80 | codePoint >> 6 & 0x3F);
        buffer[length++] = (byte) (0x80 | codePoint & 0x3F);
      } else if (Character.isSurrogate(c)) { // unpaired: no UTF-8 for it, so escaped as Jackson does
        buffer[length++] = '\\';
        buffer[length++] = 'u';
        buffer[length++] = HEX[c >> 12];
        buffer[length++] = HEX[c >> 8 & 0xF];
        buffer[length++] = HEX[c >> 4 & 0xF];
        buffer[length++] = HEX[c & 0xF];
      } else {
        buffer[length++] = (byte) (0xE0 | c >> 12);
        buffer[length++] = (byte) (0x80 | c >> 6 & 0x3F);
        buffer[length++] = (byte) (0x80 | c & 0x3F);
      }
    }
  }

  /**
   * The instant in UTC as {@code DateTimeFormatter.ISO_OFFSET_DATE_TIME} writes it (what the
   * logstash timestamp provider uses): the fraction only as long as its last non-zero digit. The
   * date and time of day are formatted once per second.
   */
  JsonLineWriter timestamp(Instant instant) {
    if (instant.getEpochSecond() != second) {
      second = instant.getEpochSecond();
      secondText = DateTimeFormatter.ISO_LOCAL_DATE_TIME
          .format(LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC))
          .getBytes(StandardCharsets.US_ASCII);
    }
    ensure(secondText.length + 13);
    raw('"').raw(secondText);
    int nanos = instant.getNano();
    if (nanos != 0) {
      int digits = 9;
      while (nanos % 10 == 0) {
        nanos /= 10;
        digits--;
      }
      buffer[length++] = '.';
      for (int i = digits - 1; i >= 0; i--) {
        buffer[length + i] = (byte) ('0' + nanos % 10);
        nanos /= 10;
      }
      length += digits;
    }
    buffer[length++] = 'Z';
    buffer[length++] = '"';
    return this;
  }

  private void ensure(int more) {
    if (length + more > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
    }
  }
}
