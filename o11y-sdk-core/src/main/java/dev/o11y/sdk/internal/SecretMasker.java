package dev.o11y.sdk.internal;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that decides what a secret or personal datum looks like. Log lines, MDC values and
 * span attributes all go through it, so the three signals mask the same things the same way.
 */
public final class SecretMasker {

  public static final String MASK = "****";

  private static final String[] SENSITIVE_KEY_PARTS = {
    "password", "passwd", "secret", "token", "authorization", "api_key", "apikey", "api-key",
    "credential", "cookie", "phone", "email", "e-mail", "card_number", "cardnumber", "card.number",
    "pan", "cvv", "ssn"
  };

  /** Keys that look like secrets to the rules above but carry correlation ids. */
  private static final Set<String> NEVER_SENSITIVE =
      Set.of("trace_id", "span_id", "trace_flags", "operation", "span_name", "pyroscope.profile.id");

  private static final Pattern KEY_VALUE =
      Pattern.compile(
          "(?i)\\b(password|passwd|pwd|secret|client_secret|access_token|refresh_token|id_token|token"
              + "|api[_-]?key|authorization|credentials?)(\"?\\s*[=:]\\s*\"?)"
              + "((?:bearer|basic)\\s+)?([^\\s\"',;&}]+)");
  private static final Pattern BEARER =
      Pattern.compile("(?i)\\b(bearer|basic)(\\s+)[A-Za-z0-9._~+/=-]{6,}");
  private static final Pattern JWT = Pattern.compile("\\beyJ[\\w-]+\\.[\\w-]+\\.[\\w-]*");
  /**
   * A URL's {@code user:password@}, to its last {@code @} in the same word: a password pasted without
   * percent-encoding may hold {@code /}, {@code #} or {@code @}.
   */
  private static final Pattern URL_USER_INFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)\\S*@");
  private static final Pattern EMAIL =
      Pattern.compile("[\\w.+%-]+@[\\w-]+(?:\\.[\\w-]+)*\\.[A-Za-z]{2,}");
  private static final Pattern CARD = Pattern.compile("(?<![\\w-])(?:\\d[ -]?){12,18}\\d(?![\\w-])");
  private static final Pattern PHONE =
      // like CARD, not glued to a word or a hyphen: digit groups inside UUIDs and other ids are not phones
      Pattern.compile("(?<![\\w+-])(?:\\+\\d|\\(\\d|\\d)[\\d ()-]{7,}\\d(?![\\w-])");
  private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  private SecretMasker() {}

  private static final KeyVerdicts SENSITIVE_KEYS = new KeyVerdicts(1_000,
      key -> !NEVER_SENSITIVE.contains(key) && containsSensitivePart(key.toLowerCase(Locale.ROOT)));

  /** Whether the whole value under this key must be hidden (e.g. {@code password}, {@code user.email}). */
  public static boolean isSensitiveKey(String key) {
    return key != null && SENSITIVE_KEYS.test(key);
  }

  private static boolean containsSensitivePart(String lowerKey) {
    for (String part : SENSITIVE_KEY_PARTS) {
      if (part.equals("pan") ? lowerKey.equals("pan") : lowerKey.contains(part)) {
        return true;
      }
    }
    return false;
  }

  /** The value to publish under {@code key}, where the SDK's own fields (trace ids, operation) pass as they are. */
  public static String mask(String key, String value) {
    if (key != null && NEVER_SENSITIVE.contains(key)) {
      return value;
    }
    return maskApplicationValue(key, value);
  }

  /**
   * The value to publish under a key the application chose: one spelt like an SDK field ({@code
   * trace_id} inside the application's own object) gets no pass.
   */
  public static String maskApplicationValue(String key, String value) {
    if (value == null) {
      return null;
    }
    return isSensitiveKey(key) ? MASK : mask(value);
  }

  /**
   * Masks secrets and personal data inside free text, keeping the rest readable. Returns the same
   * instance when nothing matched, so callers can tell cheaply.
   *
   * <p>This runs on every string field of every log line, so one scan first finds what each rule
   * cannot do without (a key/value separator and a credential word, "eyJ", an '@' (e-mail addresses,
   * a URL's user info), ten digits in one
   * run of digits and phone/card separators that does not begin right after a letter, digit, '_' or
   * '-') and only those rules run. The scan may let a rule run that then matches nothing; it never
   * skips a rule that would match ({@code SecretMaskerPrescanTest}).
   */
  public static String mask(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    boolean at = false;
    boolean separator = false;
    boolean jwt = false;
    // A card or phone number cannot start right after a letter, digit, '_' or '-' (the rules'
    // look-behinds), so digits in a run that began so, like those inside a UUID, do not count.
    // Unless an earlier rule masks something: its "****" can be what a number then follows.
    boolean anchored = true;
    int run = 0;
    int anchoredRun = 0;
    int longestRun = 0;
    int longestAnchoredRun = 0;
    int length = text.length();
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        longestRun = Math.max(longestRun, ++run);
        if (anchored) {
          longestAnchoredRun = Math.max(longestAnchoredRun, ++anchoredRun);
        }
      } else if (c == ' ' || c == '-' || c == '(' || c == ')' || c == '+') {
        separator |= c == ' ';
        if (c != '-' && !anchored) {
          anchored = true;
          anchoredRun = 0;
        }
      } else {
        run = 0;
        anchoredRun = 0;
        anchored = c != '_' && ((c | 0x20) < 'a' || (c | 0x20) > 'z');
        at |= c == '@';
        // the key/value rule needs '=' or ':', the bearer rule whitespace as regexes see it (\s)
        separator |= c == '=' || c == ':' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
        // a JWT starts with "eyJ"; found in this pass rather than a second scan of every value
        jwt |= c == 'e' && i + 2 < length && text.charAt(i + 1) == 'y' && text.charAt(i + 2) == 'J';
      }
    }
    boolean credentials = separator && mentionsCredentialWord(text);
    boolean digits = (credentials || jwt || at ? longestRun : longestAnchoredRun) >= MIN_PHONE_DIGITS;
    return applyRules(text, credentials, jwt, at, digits);
  }

  /** Every rule on every text, with no pre-scan: what {@link #mask(String)} must always agree with. */
  static String maskEveryRule(String text) {
    return applyRules(text, true, true, true, true);
  }

  /** The rules in their order; each flag says whether that rule can match at all. */
  private static String applyRules(String text, boolean credentials, boolean jwt, boolean email, boolean digits) {
    String result = text;
    if (credentials) {
      result = replaceKeyValues(result);
      result = BEARER.matcher(result).replaceAll("$1$2" + MASK);
    }
    if (jwt) {
      result = JWT.matcher(result).replaceAll(MASK);
    }
    if (email) {
      result = URL_USER_INFO.matcher(result).replaceAll("$1" + MASK + "@");
      result = EMAIL.matcher(result).replaceAll(MASK);
    }
    if (digits) {
      result = replaceCards(result);
      result = replacePhones(result);
    }
    return result.equals(text) ? text : result;
  }

  private static final int MIN_PHONE_DIGITS = 10; // cards need 13

  /**
   * Words without which neither {@link #KEY_VALUE} nor {@link #BEARER} can match, by first letter: a
   * scan for them is far cheaper than running the two regexes on every message that has a space.
   */
  private static final String[][] CREDENTIAL_WORDS = new String[26][];

  static {
    for (String word : new String[] {
        "pass", "pwd", "secret", "token", "api", "authorization", "credential", "bearer", "basic"}) {
      int letter = word.charAt(0) - 'a';
      String[] known = CREDENTIAL_WORDS[letter] == null ? new String[0] : CREDENTIAL_WORDS[letter];
      String[] grown = Arrays.copyOf(known, known.length + 1);
      grown[known.length] = word;
      CREDENTIAL_WORDS[letter] = grown;
    }
  }

  static boolean mentionsCredentialWord(String text) {
    int lastStart = text.length() - 3; // the shortest words have three letters
    for (int i = 0; i <= lastStart; i++) {
      // ASCII lower case; any other character lands outside a..z, and the regexes are ASCII-only too
      int letter = (text.charAt(i) | 0x20) - 'a';
      if (letter < 0 || letter >= 26 || CREDENTIAL_WORDS[letter] == null) {
        continue;
      }
      char second = (char) (text.charAt(i + 1) | 0x20);
      for (String word : CREDENTIAL_WORDS[letter]) {
        if (word.charAt(1) == second && text.regionMatches(true, i, word, 0, word.length())) {
          return true;
        }
      }
    }
    return false;
  }

  private static String replaceKeyValues(String text) {
    Matcher m = KEY_VALUE.matcher(text);
    if (!m.find()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    do {
      String scheme = m.group(3) == null ? "" : m.group(3);
      m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + m.group(2) + scheme + MASK));
    } while (m.find());
    m.appendTail(out);
    return out.toString();
  }

  private static String replaceCards(String text) {
    Matcher m = CARD.matcher(text);
    StringBuilder out = null;
    int last = 0;
    while (m.find()) {
      String digits = m.group().replaceAll("[ -]", "");
      if (digits.length() < 13 || !luhn(digits)) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(text.length());
      }
      out.append(text, last, m.start()).append(MASK).append(digits, digits.length() - 4, digits.length());
      last = m.end();
    }
    return out == null ? text : out.append(text, last, text.length()).toString();
  }

  private static String replacePhones(String text) {
    Matcher m = PHONE.matcher(text);
    StringBuilder out = null;
    int last = 0;
    while (m.find()) {
      String candidate = m.group();
      long digitCount = candidate.chars().filter(Character::isDigit).count();
      boolean formatted = candidate.startsWith("+") || candidate.indexOf(' ') > 0
          || candidate.indexOf('-') > 0 || candidate.indexOf('(') >= 0;
      boolean russianMobile = digitCount == 11 && (candidate.startsWith("7") || candidate.startsWith("8"));
      if (digitCount < 10 || digitCount > 15 || !(formatted || russianMobile)
          || ISO_DATE.matcher(candidate).find()) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(text.length());
      }
      out.append(text, last, m.start()).append(MASK);
      last = m.end();
    }
    return out == null ? text : out.append(text, last, text.length()).toString();
  }

  private static boolean luhn(String digits) {
    int sum = 0;
    boolean doubleIt = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (doubleIt) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      doubleIt = !doubleIt;
    }
    return sum % 10 == 0;
  }
}
