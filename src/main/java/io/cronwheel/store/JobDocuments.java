package io.cronwheel.store;

import io.cronwheel.model.RetryPolicy;
import io.cronwheel.model.Target;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job's nested parts as JSON documents: the shape stored in the {@code target} and {@code retry}
 * jsonb columns, which is also the shape the API shows.
 *
 * <p>Reading a million jobs, the documents are read as text and parsed once per distinct text: the
 * target without its URL (method, headers, body) and the retry policy are usually the same for many
 * jobs, and the parse is the largest cost of reading a row.
 */
public final class JobDocuments {
  private static final int MAX_MEMO_ENTRIES = 1 << 14;

  /** A target with an empty URL, carrying the parts that jobs with the same document share. */
  private static final TextMemo<Target> TARGETS_WITHOUT_URL =
      new TextMemo<>(
          MAX_MEMO_ENTRIES,
          SharedValues.MAX_SHARED_TEXT,
          text -> target(new JsonObject(text).put("url", "")));

  private static final TextMemo<RetryPolicy> RETRIES =
      new TextMemo<>(
          MAX_MEMO_ENTRIES, SharedValues.MAX_SHARED_TEXT, text -> retry(new JsonObject(text)));

  private JobDocuments() {}

  public static JsonObject targetJson(Target target) {
    JsonObject json =
        new JsonObject()
            .put("url", target.url())
            .put("method", target.method())
            .put("headers", new JsonObject(new LinkedHashMap<>(target.headers())));
    // Only when there are any: documents of jobs without them stay as they were, and shared.
    if (!target.secretHeaders().isEmpty()) {
      json.put("secretHeaders", new JsonArray(new ArrayList<>(target.secretHeaders())));
    }
    if (target.bodyJson() != null) {
      json.put("body", Json.decodeValue(target.bodyJson()));
    }
    return json;
  }

  /**
   * The target of a stored job; the parts many jobs repeat are shared (see {@link SharedValues}).
   */
  public static Target target(JsonObject json) {
    Map<String, String> headers = new LinkedHashMap<>();
    json.getJsonObject("headers", new JsonObject())
        .forEach(e -> headers.put(e.getKey(), String.valueOf(e.getValue())));
    Object body = json.getValue("body");
    List<String> secretHeaders = new ArrayList<>();
    json.getJsonArray("secretHeaders", new JsonArray())
        .forEach(name -> secretHeaders.add(String.valueOf(name)));
    return new Target(
        json.getString("url"),
        SharedValues.text(json.getString("method")),
        SharedValues.headers(headers),
        body == null ? null : SharedValues.text(Json.encode(body)),
        secretHeaders);
  }

  /**
   * The target of a stored job from its URL and the JSON text of the rest of its document (the
   * stored document without {@code url}, as PostgreSQL prints it: equal documents print the same).
   */
  public static Target target(String url, String withoutUrlJson) {
    Target parts = TARGETS_WITHOUT_URL.get(withoutUrlJson);
    return new Target(
        url, parts.method(), parts.headers(), parts.bodyJson(), parts.secretHeaders());
  }

  public static JsonObject retryJson(RetryPolicy retry) {
    return new JsonObject()
        .put("maxAttempts", retry.maxAttempts())
        .put("initialDelayMs", retry.initialDelay().toMillis())
        .put("maxDelayMs", retry.maxDelay().toMillis())
        .put("multiplier", retry.multiplier());
  }

  /** The retry policy of a stored job from the JSON text of its document. */
  public static RetryPolicy retry(String json) {
    return RETRIES.get(json);
  }

  public static RetryPolicy retry(JsonObject json) {
    return SharedValues.retry(
        new RetryPolicy(
            json.getInteger("maxAttempts"),
            Duration.ofMillis(json.getLong("initialDelayMs")),
            Duration.ofMillis(json.getLong("maxDelayMs")),
            json.getDouble("multiplier")));
  }
}
