package io.cronwheel.model;

/**
 * What a piece of user text may contain before it is stored in PostgreSQL or put into a request.
 * Each check answers {@code null} when the text is fine, or a phrase that completes "name ..."
 * ("contains the control character U+0000 at index 3").
 *
 * <p>PostgreSQL refuses U+0000 in {@code text} and {@code jsonb}; other control characters pass the
 * database but end up in log lines, headers and requests, and an unpaired surrogate cannot be
 * encoded as UTF-8 at all (the client would silently send {@code ?}).
 */
public final class TextRules {
  private TextRules() {}

  /**
   * A single-line text: no control character (U+0000-U+001F, U+007F-U+009F) and no unpaired
   * surrogate.
   */
  public static String singleLineProblem(String text) {
    return problem(text, false);
  }

  /** Like {@link #singleLineProblem} but tabs are allowed (cron fields may be tab-separated). */
  public static String singleLineAllowingTabsProblem(String text) {
    return problem(text, true);
  }

  /** Only an unpaired surrogate is a problem (JSON strings may hold any other character). */
  public static String unicodeProblem(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (isUnpairedSurrogate(text, i)) {
        return "contains an unpaired surrogate " + codePoint(text.charAt(i)) + " at index " + i;
      }
      if (Character.isHighSurrogate(text.charAt(i))) {
        i++;
      }
    }
    return null;
  }

  private static String problem(String text, boolean tabAllowed) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (isControl(c) && !(tabAllowed && c == '\t')) {
        return "contains the control character " + codePoint(c) + " at index " + i;
      }
      if (isUnpairedSurrogate(text, i)) {
        return "contains an unpaired surrogate " + codePoint(c) + " at index " + i;
      }
      if (Character.isHighSurrogate(c)) {
        i++;
      }
    }
    return null;
  }

  /** C0 controls, DEL and C1 controls (Unicode category Cc). */
  public static boolean isControl(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f);
  }

  private static boolean isUnpairedSurrogate(String text, int i) {
    char c = text.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
    }
    return Character.isLowSurrogate(c);
  }

  /** {@code U+0000}: how a character is named in error messages. */
  public static String codePoint(char c) {
    return String.format("U+%04X", (int) c);
  }

  /** The UTF-8 length of a text whose surrogates are paired. */
  public static long utf8Length(CharSequence text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
