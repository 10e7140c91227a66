package io.cronwheel.api;

import io.cronwheel.time.Clock;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET/PUT /api/v1/config}: the live concurrency caps, persisted and picked up by every
 * engine.
 */
final class ConfigRoutes {
  private static final int MAX_LIMIT = 10_000_000;

  private final EngineControl engine;
  private final Clock clock;

  ConfigRoutes(EngineControl engine, Clock clock) {
    this.engine = engine;
    this.clock = clock;
  }

  void mount(Router router) {
    router
        .get("/api/v1/config")
        .handler(ctx -> Requests.json(ctx, 200, toJson(engine.concurrency())));
    router.put("/api/v1/config").handler(this::put);
  }

  private void put(RoutingContext ctx) {
    JsonObject body = Requests.jsonBody(ctx);
    for (String field : body.fieldNames()) {
      if (!field.equals("maxInFlight")
          && !field.equals("maxInFlightPerHost")
          && !field.equals("inFlight")) {
        throw ApiError.invalid(field, "unknown field '" + field + "'");
      }
    }
    EngineControl.ConcurrencyCaps current = engine.concurrency();
    int global = limit(body, "maxInFlight", current.maxInFlight());
    int perHost = limit(body, "maxInFlightPerHost", current.maxInFlightPerHost());
    engine
        .setConcurrency(
            global,
            perHost,
            AuditLines.configChanged(
                Authentication.principal(ctx),
                clock.instant(),
                caps(current.maxInFlight(), current.maxInFlightPerHost()),
                caps(global, perHost)))
        .onSuccess(caps -> Requests.json(ctx, 200, toJson(caps)))
        .onFailure(ctx::fail);
  }

  private static JsonObject toJson(EngineControl.ConcurrencyCaps caps) {
    return caps(caps.maxInFlight(), caps.maxInFlightPerHost()).put("inFlight", caps.inFlight());
  }

  /** The two caps as the API and the audit trail show them. */
  private static JsonObject caps(int maxInFlight, int maxInFlightPerHost) {
    return new JsonObject()
        .put("maxInFlight", maxInFlight)
        .put("maxInFlightPerHost", maxInFlightPerHost);
  }

  private static int limit(JsonObject body, String field, int fallback) {
    Object value = body.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Number n)
        || n.doubleValue() != Math.rint(n.doubleValue())
        || n.longValue() < 1
        || n.longValue() > MAX_LIMIT) {
      throw ApiError.invalid(field, field + " must be an integer from 1 to " + MAX_LIMIT);
    }
    return n.intValue();
  }
}
