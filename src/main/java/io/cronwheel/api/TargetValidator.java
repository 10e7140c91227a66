package io.cronwheel.api;

import io.cronwheel.model.HeaderRules;
import io.cronwheel.model.JobLimits;
import io.cronwheel.model.Target;
import io.cronwheel.model.TextRules;
import io.cronwheel.model.Violation;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A job's {@code target} (url, method, headers, body) from JSON, or a 422 {@link ApiError} naming
 * the first bad field. The header rules and size limits are the model's ({@link HeaderRules},
 * {@link JobLimits}), so jobs loaded from the database are held to the same ones.
 */
final class TargetValidator {
  private static final Set<String> FIELDS =
      Set.of("url", "method", "headers", "body", "secretHeaders");
  private static final Set<String> METHODS =
      Set.of("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT");

  private final JobLimits limits;

  TargetValidator(JobLimits limits) {
    this.limits = limits;
  }

  Target target(JsonObject json) {
    for (String field : json.fieldNames()) {
      if (!FIELDS.contains(field)) {
        throw ApiError.invalid("target." + field, "unknown field 'target." + field + "'");
      }
    }
    String url = JsonFields.singleLine(json, "url", "target.url");
    checkUrl(url, "target.url");
    String method = method(json);
    Map<String, String> headers = headers(json);
    // Checked here, in the order given, so a repeated header is reported at its second spelling.
    throwIfViolated(HeaderRules.check(headers));
    Target target = new Target(url, method, headers, body(json), secretHeaders(json, headers));
    throwIfViolated(limits.check(target));
    return target;
  }

  private static void throwIfViolated(Violation violation) {
    if (violation != null) {
      throw ApiError.invalid(violation.field(), violation.message());
    }
  }

  /** An absolute http(s) URL with a host; {@code field} names it in the error. */
  static void checkUrl(String url, String field) {
    JsonFields.checked(field, url, TextRules.singleLineProblem(url));
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme();
      if (scheme == null
          || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          || uri.getHost() == null) {
        throw ApiError.invalid(
            field, field + " must be an absolute http:// or https:// URL with a host");
      }
    } catch (URISyntaxException e) {
      throw ApiError.invalid(field, field + " is not a valid URL: " + e.getReason());
    }
  }

  private static String method(JsonObject json) {
    Object value = json.getValue("method", Target.DEFAULT_METHOD);
    if (value instanceof String text) {
      JsonFields.checked("target.method", text, TextRules.singleLineProblem(text));
    }
    String method = value instanceof String s ? s.toUpperCase(Locale.ROOT) : null;
    if (method == null || !METHODS.contains(method)) {
      throw ApiError.invalid(
          "target.method",
          "target.method must be one of " + String.join(", ", METHODS.stream().sorted().toList()));
    }
    return method;
  }

  /** Types only, in the order given; what a header may be is {@link HeaderRules}'s. */
  private static Map<String, String> headers(JsonObject target) {
    JsonObject headers = JsonFields.object(target, "headers", "target.headers", false);
    Map<String, String> result = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : headers) {
      if (!(entry.getValue() instanceof String value)) {
        throw ApiError.invalid("target.headers." + entry.getKey(), "header values must be strings");
      }
      result.put(entry.getKey(), value);
    }
    return result;
  }

  /** Names of the job's own headers whose values are write-only, as given. */
  private static List<String> secretHeaders(JsonObject target, Map<String, String> headers) {
    Object value = target.getValue("secretHeaders");
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray names)) {
      throw ApiError.invalid(
          "target.secretHeaders", "target.secretHeaders must be an array of header names");
    }
    List<String> result = new ArrayList<>();
    for (Object name : names) {
      if (!(name instanceof String text)
          || headers.keySet().stream().noneMatch(text::equalsIgnoreCase)) {
        throw ApiError.invalid(
            "target.secretHeaders",
            "target.secretHeaders must name headers of target.headers; "
                + (name instanceof String
                    ? "'" + name + "' is not one of them"
                    : name + " is not a name"));
      }
      if (result.stream().anyMatch(text::equalsIgnoreCase)) {
        throw ApiError.invalid(
            "target.secretHeaders", "target.secretHeaders lists '" + text + "' twice");
      }
      result.add(text);
    }
    return result;
  }

  /** The body as JSON text, or null for the default envelope. */
  private static String body(JsonObject json) {
    Object body = json.getValue("body");
    if (body == null) {
      return null;
    }
    String problem = JsonBodyRules.problem(body);
    if (problem != null) {
      throw ApiError.invalid("target.body", problem);
    }
    return Json.encode(body);
  }
}
