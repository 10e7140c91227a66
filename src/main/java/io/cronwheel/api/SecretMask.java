package io.cronwheel.api;

import io.cronwheel.model.SecretHeaders;
import io.cronwheel.model.Target;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * Secret header values are write-only: every answer shows them as {@link SecretHeaders#MASK}, and a
 * change that sends the mask back (a client returning what it read) keeps the stored value.
 */
final class SecretMask {
  private SecretMask() {}

  /** {@code json}, the target's document, with each secret header value replaced by the mask. */
  static JsonObject masked(JsonObject json, Target target) {
    JsonObject headers = json.getJsonObject("headers");
    if (headers == null) {
      return json;
    }
    for (Map.Entry<String, String> header : target.headers().entrySet()) {
      if (target.isSecret(header.getKey())) {
        headers.put(header.getKey(), SecretHeaders.MASK);
      }
    }
    return json;
  }

  /**
   * A merged job whose {@code target.headers} hold the mask where {@code stored} has a value for
   * that header (names compared case-insensitively): the mask means "keep it". A mask for a header
   * the job does not have stays as sent.
   */
  static void unmask(JsonObject merged, Target stored) {
    if (!(merged.getValue("target") instanceof JsonObject target)
        || !(target.getValue("headers") instanceof JsonObject headers)) {
      return;
    }
    for (String name : headers.fieldNames()) {
      if (!SecretHeaders.MASK.equals(headers.getValue(name))) {
        continue;
      }
      for (Map.Entry<String, String> kept : stored.headers().entrySet()) {
        if (kept.getKey().equalsIgnoreCase(name)) {
          headers.put(name, kept.getValue());
        }
      }
    }
  }
}
