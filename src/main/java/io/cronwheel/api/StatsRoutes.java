package io.cronwheel.api;

import io.cronwheel.store.PgJobStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/v1/stats}: the dashboard's live cards. Job counts and the node count are the
 * cluster's (two cheap statements: an index-only count and the cluster view); everything under
 * {@code node} is the answering node's own, from its in-process counters, so reading it costs no
 * scan of the executions table however many fires there were.
 */
final class StatsRoutes {
  private final PgJobStore jobs;
  private final EngineControl engine;

  StatsRoutes(PgJobStore jobs, EngineControl engine) {
    this.jobs = jobs;
    this.engine = engine;
  }

  void mount(Router router) {
    router.get("/api/v1/stats").handler(this::stats);
  }

  private void stats(RoutingContext ctx) {
    Future<PgJobStore.StateCounts> counts = jobs.countByState();
    Future<JsonObject> cluster = engine.cluster();
    Future.all(counts, cluster)
        .onSuccess(
            all -> {
              EngineControl.Status status = engine.status();
              EngineControl.Activity activity = engine.activity();
              JsonObject node =
                  new JsonObject()
                      .put("id", status.nodeId())
                      .put("firesPerSecond", Math.round(activity.firesPerSecond() * 10) / 10.0)
                      .put("succeededLastHour", activity.succeededLastHour())
                      .put("failedLastHour", activity.failedLastHour())
                      .put("lastHourWindowSeconds", activity.windowSeconds())
                      .put("driftP50Ms", activity.driftP50Ms())
                      .put("driftP99Ms", activity.driftP99Ms())
                      .put("inFlight", engine.concurrency().inFlight())
                      .put("recordBacklog", status.recordBacklog())
                      .put("partitionsOwned", status.partitionsOwned());
              Requests.json(
                  ctx,
                  200,
                  new JsonObject()
                      .put(
                          "jobs",
                          new JsonObject()
                              .put("active", counts.result().active())
                              .put("paused", counts.result().paused()))
                      .put("nodes", cluster.result().getJsonArray("nodes").size())
                      .put("partitions", cluster.result().getInteger("partitions"))
                      .put("node", node));
            })
        .onFailure(ctx::fail);
  }
}
