package io.cronwheel.store;

import io.cronwheel.model.RetryPolicy;
import io.cronwheel.model.Target;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A job's nested parts as JSON documents: the shape stored in the {@code target} and {@code retry} jsonb columns,
 * which is also the shape the API shows.
 */
public final class JobDocuments {
  private JobDocuments() {}

  public static JsonObject targetJson(Target target) {
    JsonObject json = new JsonObject()
        .put("url", target.url())
        .put("method", target.method())
        .put("headers", new JsonObject(new LinkedHashMap<>(target.headers())));
    if (target.bodyJson() != null) {
      json.put("body", Json.decodeValue(target.bodyJson()));
    }
    return json;
  }

  public static Target target(JsonObject json) {
    Map<String, String> headers = new LinkedHashMap<>();
    json.getJsonObject("headers", new JsonObject()).forEach(e -> headers.put(e.getKey(), String.valueOf(e.getValue())));
    Object body = json.getValue("body");
    return new Target(json.getString("url"), json.getString("method"), headers,
        body == null ? null : Json.encode(body));
  }

  public static JsonObject retryJson(RetryPolicy retry) {
    return new JsonObject()
        .put("maxAttempts", retry.maxAttempts())
        .put("initialDelayMs", retry.initialDelay().toMillis())
        .put("maxDelayMs", retry.maxDelay().toMillis())
        .put("multiplier", retry.multiplier());
  }

  public static RetryPolicy retry(JsonObject json) {
    return new RetryPolicy(json.getInteger("maxAttempts"), Duration.ofMillis(json.getLong("initialDelayMs")),
        Duration.ofMillis(json.getLong("maxDelayMs")), json.getDouble("multiplier"));
  }

}
