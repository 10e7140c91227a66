package io.cronwheel.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.OutputUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one violation of a body's schema a client is told about, as a field and a message: of all the
 * errors the JSON schema validator reports (each wrapping schema adds its own), the deepest and
 * most specific one, its JSON pointer turned into the dotted path the hand validators use ({@code
 * retry.maxAttempts}, {@code target.headers.Host}, {@code jobs[3]}).
 */
final class SchemaViolation {
  private static final Pattern REQUIRED = Pattern.compile("required property \"(.*)\"");

  /** The keywords that say what is wrong, most specific first; others only wrap them. */
  private static final List<String> SPECIFIC =
      List.of(
          "type",
          "enum",
          "const",
          "minimum",
          "maximum",
          "exclusiveMinimum",
          "exclusiveMaximum",
          "multipleOf",
          "minLength",
          "maxLength",
          "pattern",
          "format",
          "minItems",
          "maxItems",
          "uniqueItems",
          "minProperties",
          "maxProperties",
          "required",
          "additionalProperties");

  /** The field's dotted path; empty for the body itself. */
  private final String field;

  private final String message;

  private SchemaViolation(String field, String message) {
    this.field = field;
    this.message = message;
  }

  static SchemaViolation of(OutputUnit result, Object instance, JsonSchema schema) {
    OutputUnit chosen = mostSpecific(result);
    if (chosen == null) {
      return new SchemaViolation("", "the request body does not match its schema");
    }
    List<String> pointer = pointer(chosen.getInstanceLocation());
    String keyword = keyword(chosen.getKeywordLocation());
    if (keyword.equals("required")) {
      Matcher missing = REQUIRED.matcher(String.valueOf(chosen.getError()));
      if (missing.find()) {
        pointer.add(missing.group(1));
      }
      String field = dotted(pointer, instance);
      return new SchemaViolation(field, field + " is required");
    }
    String field = dotted(pointer, instance);
    if (keyword.equals("additionalProperties")) {
      return new SchemaViolation(field, "unknown field '" + field + "'");
    }
    JsonObject at = schemaAt(schema, pointer, instance);
    String expected = at == null ? null : describe(at);
    String shown = field.isEmpty() ? "the request body" : field;
    return new SchemaViolation(
        field,
        expected == null ? shown + ": " + chosen.getError() : shown + " must be " + expected);
  }

  /**
   * The error to answer: a structure problem of the body itself is a 400, as is any violation of an
   * operation that says so (a bulk envelope); a field's is a 422 naming it.
   */
  ApiError toError(Integer invalidBodyStatus) {
    if (invalidBodyStatus != null) {
      return new ApiError(
          invalidBodyStatus, "bad_request", message, field.isEmpty() ? null : topLevel(field));
    }
    if (field.isEmpty()) {
      return ApiError.badRequest(null, "the request body must be a JSON object");
    }
    return ApiError.invalid(field, message);
  }

  /** The deepest error (a missing property counts one deeper), of the most specific keyword. */
  private static OutputUnit mostSpecific(OutputUnit result) {
    List<OutputUnit> errors = result.getErrors();
    if (errors == null) {
      return null;
    }
    OutputUnit best = null;
    int bestDepth = -1;
    int bestRank = Integer.MAX_VALUE;
    for (OutputUnit error : errors) {
      int rank = SPECIFIC.indexOf(keyword(error.getKeywordLocation()));
      if (rank < 0) {
        continue;
      }
      int depth =
          pointer(error.getInstanceLocation()).size()
              + (SPECIFIC.get(rank).equals("required") ? 1 : 0);
      if (depth > bestDepth || (depth == bestDepth && rank < bestRank)) {
        best = error;
        bestDepth = depth;
        bestRank = rank;
      }
    }
    return best;
  }

  private static String keyword(String keywordLocation) {
    if (keywordLocation == null) {
      return "";
    }
    return keywordLocation.substring(keywordLocation.lastIndexOf('/') + 1);
  }

  /** The segments of a JSON pointer such as {@code #/target/headers/X~1Y}, unescaped. */
  private static List<String> pointer(String location) {
    List<String> segments = new ArrayList<>();
    if (location == null) {
      return segments;
    }
    String path = location.startsWith("#") ? location.substring(1) : location;
    if (path.isEmpty() || path.equals("/")) {
      return segments;
    }
    for (String segment : path.substring(1).split("/", -1)) {
      segments.add(segment.replace("~1", "/").replace("~0", "~"));
    }
    return segments;
  }

  /** {@code target.headers.X}, with array positions as {@code [i]}. */
  private static String dotted(List<String> pointer, Object instance) {
    StringBuilder path = new StringBuilder();
    Object at = instance;
    for (String segment : pointer) {
      if (at instanceof JsonArray array) {
        path.append('[').append(segment).append(']');
        at = index(array, segment);
      } else {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(segment);
        at = at instanceof JsonObject object ? object.getValue(segment) : null;
      }
    }
    return path.toString();
  }

  private static Object index(JsonArray array, String segment) {
    try {
      int i = Integer.parseInt(segment);
      return i >= 0 && i < array.size() ? array.getValue(i) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String topLevel(String field) {
    int end = field.length();
    for (int i = 0; i < field.length(); i++) {
      if (field.charAt(i) == '.' || field.charAt(i) == '[') {
        end = i;
        break;
      }
    }
    return field.substring(0, end);
  }

  /** The (resolved) schema that applies at a pointer into the instance, or null. */
  private static JsonObject schemaAt(JsonSchema root, List<String> pointer, Object instance) {
    JsonObject schema = new JsonObject();
    root.fieldNames().forEach(name -> schema.put(name, root.<Object>get(name)));
    JsonObject at = schema;
    Object value = instance;
    for (String segment : pointer) {
      if (value instanceof JsonArray array) {
        at = at.getValue("items") instanceof JsonObject items ? items : null;
        value = index(array, segment);
      } else {
        JsonObject properties = at.getJsonObject("properties");
        if (properties != null && properties.getValue(segment) instanceof JsonObject property) {
          at = property;
        } else {
          at = at.getValue("additionalProperties") instanceof JsonObject extra ? extra : null;
        }
        value = value instanceof JsonObject object ? object.getValue(segment) : null;
      }
      if (at == null || at.containsKey("$ref")) {
        return null;
      }
    }
    return at;
  }

  /** What a schema accepts, in words: "an integer from 1 to 1000", "one of A, B". */
  static String describe(JsonSchema schema) {
    JsonObject json = new JsonObject();
    schema.fieldNames().forEach(name -> json.put(name, schema.<Object>get(name)));
    return describe(json);
  }

  static String describe(JsonObject schema) {
    if (schema.getValue("enum") instanceof JsonArray values) {
      return "one of " + values.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
    Object type = schema.getValue("type");
    List<String> types = new ArrayList<>();
    if (type instanceof JsonArray list) {
      list.forEach(t -> types.add(String.valueOf(t)));
    } else if (type != null) {
      types.add(String.valueOf(type));
    }
    if (types.isEmpty()) {
      return "a valid value";
    }
    List<String> words = new ArrayList<>();
    for (String t : types) {
      words.add(word(t, schema));
    }
    return String.join(" or ", words);
  }

  private static String word(String type, JsonObject schema) {
    return switch (type) {
      case "integer" -> "an integer" + range(schema, "minimum", "maximum", "");
      case "number" -> "a number" + range(schema, "minimum", "maximum", "");
      case "string" ->
          (schema.getValue("format") instanceof String format
                  ? "a " + format + " string"
                  : "a string")
              + range(schema, "minLength", "maxLength", " characters");
      case "array" -> "an array" + range(schema, "minItems", "maxItems", " items");
      case "boolean" -> "true or false";
      case "object" -> "an object";
      case "null" -> "null";
      default -> type;
    };
  }

  private static String range(JsonObject schema, String min, String max, String unit) {
    Object low = schema.getValue(min);
    Object high = schema.getValue(max);
    boolean ofUnits = !unit.isEmpty();
    if (low != null && high != null) {
      return (ofUnits ? " of " : " from ") + low + " to " + high + unit;
    }
    if (low != null) {
      return " of at least " + low + unit;
    }
    if (high != null) {
      return " of at most " + high + unit;
    }
    return "";
  }
}
