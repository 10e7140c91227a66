package io.cronwheel.api;

import io.cronwheel.store.JobAdmission;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.TimeUnit;

/**
 * {@code /health} (and {@code /health/ready}): 200 and UP when the database answers (a probe on the
 * API's pool, and the engine's own recent claims and record batches) and this process owns
 * partitions; otherwise 503 with DEGRADED (firing, but the database is unreachable and records are
 * buffered) or DOWN. {@code /health/live}: 200 while the process serves requests at all.
 */
final class HealthRoutes {
  private static final long DB_CHECK_TIMEOUT_MS = 2000;
  private static final int UNSCHEDULABLE_SHOWN = 10;

  private final Pool pool;
  private final EngineControl engine;
  private final JobAdmission admission;

  HealthRoutes(Pool pool, EngineControl engine, JobAdmission admission) {
    this.pool = pool;
    this.engine = engine;
    this.admission = admission;
  }

  void mount(Router router) {
    router.get("/health").handler(this::ready);
    router.get("/health/ready").handler(this::ready);
    router
        .get("/health/live")
        .handler(ctx -> Requests.json(ctx, 200, new JsonObject().put("status", "UP")));
  }

  private void ready(RoutingContext ctx) {
    long start = System.nanoTime();
    pool.query("SELECT 1")
        .execute()
        .timeout(DB_CHECK_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .onComplete(
            ar -> {
              EngineControl.Status engineStatus = engine.status();
              String engineProblem = engineStatus.engineDatabaseProblem();
              boolean databaseUp = ar.succeeded() && engineProblem == null;
              JsonObject database = new JsonObject().put("status", databaseUp ? "UP" : "DOWN");
              if (ar.succeeded()) {
                database.put("latencyMs", (System.nanoTime() - start) / 1_000_000);
              }
              if (!databaseUp) {
                database.put(
                    "error", ar.failed() ? String.valueOf(ar.cause().getMessage()) : engineProblem);
              }
              int owned = engineStatus.partitionsOwned();
              // Without its database the engine keeps firing at-least-once jobs and buffers their
              // records: degraded. The engine's own claims and batches count, not only this probe.
              // A node of a cluster may rightly own nothing (more nodes than partitions): readiness
              // is holding its share, not owning some.
              String status = !engineStatus.ready() ? "DOWN" : databaseUp ? "UP" : "DEGRADED";
              boolean up = status.equals("UP");
              JsonObject body =
                  new JsonObject()
                      .put("status", status)
                      .put("node", engineStatus.nodeId())
                      .put("database", database)
                      .put(
                          "partitions",
                          new JsonObject()
                              .put("owned", owned)
                              .put("total", engineStatus.partitionsTotal()))
                      .put("scheduledJobs", engineStatus.scheduledJobs())
                      .put("unschedulableJobs", unschedulable())
                      .put("recordBacklog", engineStatus.recordBacklog());
              Requests.json(ctx, up ? 200 : 503, body);
            });
  }

  /**
   * Jobs left unscheduled (over the per-job limits or the job memory budget): a count and a few
   * ids, so the operator can find them. They do not make the engine unready.
   */
  private JsonObject unschedulable() {
    JsonArray some = new JsonArray();
    admission.someUnschedulable(UNSCHEDULABLE_SHOWN).forEach(id -> some.add(id.toString()));
    return new JsonObject()
        .put("count", admission.unschedulableCount())
        .put("some", some)
        .put("memoryBytes", admission.chargedBytes())
        .put("memoryBudgetBytes", admission.budgetBytes());
  }
}
