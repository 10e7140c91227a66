package io.cronwheel.cron;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The {@code @yearly}-style shorthands, expanded to six fields (case-insensitive). */
final class Macros {

  private static final Map<String, String> EXPANSIONS = new LinkedHashMap<>();

  static {
    EXPANSIONS.put("@yearly", "0 0 0 1 1 *");
    EXPANSIONS.put("@annually", "0 0 0 1 1 *");
    EXPANSIONS.put("@monthly", "0 0 0 1 * *");
    EXPANSIONS.put("@weekly", "0 0 0 * * 0");
    EXPANSIONS.put("@daily", "0 0 0 * * *");
    EXPANSIONS.put("@midnight", "0 0 0 * * *");
    EXPANSIONS.put("@hourly", "0 0 * * * *");
  }

  private Macros() {}

  /** The expansion of a macro, or the expression itself if it is not one. */
  static String expand(String expression) {
    if (!expression.startsWith("@")) {
      return expression;
    }
    String expansion = EXPANSIONS.get(expression.toLowerCase(Locale.ROOT));
    if (expansion == null) {
      throw new InvalidCronException(
          "unknown macro '"
              + expression
              + "'; supported: "
              + String.join(", ", EXPANSIONS.keySet()));
    }
    return expansion;
  }
}
