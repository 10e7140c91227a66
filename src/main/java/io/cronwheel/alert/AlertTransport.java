package io.cronwheel.alert;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** How one alert is POSTed to a webhook. Called on the alert loop only. */
@FunctionalInterface
public interface AlertTransport {
  /**
   * Sends {@code body} to {@code url} with {@code alertId} as its idempotency key; completes with
   * the response status, or fails if no response came.
   */
  Future<Integer> post(String url, UUID alertId, JsonObject body);
}
