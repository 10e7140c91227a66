package io.cronwheel.api;

import io.cronwheel.model.TextRules;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * What a job's JSON body may hold, so that PostgreSQL stores exactly what the receiver will get:
 * {@code jsonb} refuses U+0000 in any string or key, an unpaired surrogate cannot be written as
 * UTF-8, and a number beyond a double's range would come back as the string {@code "Infinity"}.
 * Those are refused (rather than quietly changed); every other value is kept as sent.
 */
final class JsonBodyRules {
  /** Keys longer than this are shortened in the path an error message names. */
  private static final int MAX_KEY_SHOWN = 40;

  private JsonBodyRules() {}

  /** Null when the body can be stored as it is, else a message naming where it cannot. */
  static String problem(Object body) {
    return problem(body, "target.body");
  }

  private static String problem(Object value, String path) {
    if (value instanceof JsonObject object) {
      for (Map.Entry<String, Object> entry : object) {
        String keyProblem = stringProblem(entry.getKey());
        if (keyProblem != null) {
          return path + " has a key that " + keyProblem;
        }
        String nested = problem(entry.getValue(), path + "." + shown(entry.getKey()));
        if (nested != null) {
          return nested;
        }
      }
    } else if (value instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        String nested = problem(array.getValue(i), path + "[" + i + "]");
        if (nested != null) {
          return nested;
        }
      }
    } else if (value instanceof String text) {
      String textProblem = stringProblem(text);
      return textProblem == null ? null : path + " " + textProblem;
    } else if (value instanceof Double || value instanceof Float) {
      double number = ((Number) value).doubleValue();
      if (Double.isInfinite(number) || Double.isNaN(number)) {
        return path + " is a number outside the range of a double";
      }
    }
    return null;
  }

  private static String stringProblem(String text) {
    int nul = text.indexOf('\u0000');
    if (nul >= 0) {
      return "contains U+0000 at index " + nul + ", which PostgreSQL cannot store in JSON";
    }
    return TextRules.unicodeProblem(text);
  }

  private static String shown(String key) {
    return key.length() <= MAX_KEY_SHOWN ? key : key.substring(0, MAX_KEY_SHOWN) + "...";
  }
}
