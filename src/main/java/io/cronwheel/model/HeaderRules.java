package io.cronwheel.model;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which request headers a job may set. A job's requests share keep-alive (and, when enabled,
 * pipelined) connections with other jobs' requests to the same host, so a header that changes how a
 * message is framed or how the connection is used would let one job's request swallow, split or
 * reroute the next one (request smuggling). Those are refused, and so are the headers the engine
 * sets itself on every request.
 *
 * <p>Names must be RFC 9110 tokens; values may hold visible US-ASCII, spaces and tabs, and the
 * Latin-1 letters above U+00A0 (which HTTP/1.1 clients send as single bytes). Everything else, and
 * in particular CR, LF and NUL, is refused: a character above U+00FF cannot be sent as one byte and
 * would be replaced or truncated on the wire.
 */
public final class HeaderRules {
  /** Headers (names, values and separators) per job; what common servers accept in all. */
  public static final int MAX_HEADERS_BYTES = 8 * 1024;

  /** Framing and hop-by-hop headers (RFC 9110 section 7.6.1, RFC 9112) and their old relatives. */
  public static final Set<String> FORBIDDEN =
      Set.of(
          "content-length",
          "transfer-encoding",
          "host",
          "connection",
          "keep-alive",
          "proxy-connection",
          "te",
          "trailer",
          "upgrade",
          "expect");

  /** What the engine sets on every request (see {@code FireRequestFactory}). */
  public static final String ENGINE_PREFIX = "x-cronwheel-";

  public static final String IDEMPOTENCY_KEY = "idempotency-key";

  private HeaderRules() {}

  /** The first header that breaks a rule, or null. */
  public static Violation check(Map<String, String> headers) {
    Map<String, String> seen = new HashMap<>();
    long bytes = 0;
    for (Map.Entry<String, String> header : headers.entrySet()) {
      String name = header.getKey();
      String field = "target.headers." + name;
      String nameProblem = nameProblem(name);
      if (nameProblem != null) {
        return new Violation(field, nameProblem);
      }
      String earlier = seen.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
      if (earlier != null) {
        return new Violation(
            field,
            "header "
                + name
                + " is given twice, also as "
                + earlier
                + " (header names are case-insensitive)");
      }
      String valueProblem = valueProblem(header.getValue());
      if (valueProblem != null) {
        return new Violation(field, "the value of header " + name + " " + valueProblem);
      }
      bytes += entryBytes(name, header.getValue());
    }
    if (bytes > MAX_HEADERS_BYTES) {
      return new Violation(
          "target.headers",
          "target.headers take "
              + bytes
              + " bytes; at most "
              + MAX_HEADERS_BYTES
              + " are allowed (names, values and separators)");
    }
    return null;
  }

  /** Null when a job may set this header, else why not. */
  public static String nameProblem(String name) {
    if (!isToken(name)) {
      return "'"
          + name
          + "' is not a valid header name (RFC 9110 token: letters, digits and !#$%&'*+-.^_`|~)";
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (FORBIDDEN.contains(lower)) {
      return "header "
          + name
          + " controls how requests are framed on a shared connection and cannot be set by a job";
    }
    if (lower.startsWith(ENGINE_PREFIX) || lower.equals(IDEMPOTENCY_KEY)) {
      return "header " + name + " is set by cronwheel on every request";
    }
    return null;
  }

  /** RFC 9110 {@code token}: one or more tchar. */
  public static boolean isToken(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      if (!isTchar(name.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isTchar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }

  /** Null when the value may be sent, else a phrase completing "the value ...". */
  public static String valueProblem(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean allowed = c == '\t' || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff);
      if (!allowed) {
        String what =
            TextRules.isControl(c) ? "the control character " : "the character outside Latin-1 ";
        return "contains " + what + TextRules.codePoint(c) + " at index " + i;
      }
    }
    return null;
  }

  /** {@code Name: value\r\n} on the wire. */
  public static long entryBytes(String name, String value) {
    return name.length() + 2L + value.length() + 2L;
  }
}
