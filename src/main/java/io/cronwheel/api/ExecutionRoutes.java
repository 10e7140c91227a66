package io.cronwheel.api;

import io.cronwheel.model.Execution;
import io.cronwheel.model.ExecutionStatus;
import io.cronwheel.model.Fire;
import io.cronwheel.store.ExecutionQuery;
import io.cronwheel.store.PgExecutionStore;
import io.cronwheel.store.StoredReject;
import io.cronwheel.time.Clock;
import io.cronwheel.time.UuidV7;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** Execution history, the records set aside as refused, and manual triggers. */
final class ExecutionRoutes {
  private static final int TRIGGER_KEY_ATTEMPTS = 5;

  private final PgExecutionStore executions;
  private final JobRoutes jobs;
  private final EngineControl engine;
  private final Clock clock;

  ExecutionRoutes(PgExecutionStore executions, JobRoutes jobs, EngineControl engine, Clock clock) {
    this.executions = executions;
    this.jobs = jobs;
    this.engine = engine;
    this.clock = clock;
  }

  void mount(Router router) {
    router.get("/api/v1/jobs/:id/executions").handler(this::jobHistory);
    router.get("/api/v1/executions").handler(ctx -> history(ctx, query(ctx)));
    router.get("/api/v1/executions/rejects").handler(this::rejects);
    router.post("/api/v1/jobs/:id/trigger").handler(this::trigger);
  }

  private void jobHistory(RoutingContext ctx) {
    // The parameters are checked before the job is looked up: a bad one must fail the request
    // here, not inside a callback where nothing would answer it.
    ExecutionQuery all = query(ctx);
    jobs.load(ctx)
        .onSuccess(
            job ->
                history(
                    ctx,
                    new ExecutionQuery(
                        job.id(), all.status(), all.from(), all.to(), all.limit(), all.before())))
        .onFailure(ctx::fail);
  }

  /** The filters and page of a history request, for all jobs. */
  private static ExecutionQuery query(RoutingContext ctx) {
    int limit = Requests.intQuery(ctx, "limit", 50, 1, 1000);
    Instant from = Requests.instantQuery(ctx, "from");
    Instant to = Requests.instantQuery(ctx, "to");
    if (from != null && to != null && !to.isAfter(from)) {
      throw ApiError.badRequest("to", "to must be later than from");
    }
    return new ExecutionQuery(null, status(ctx), from, to, limit, position(ctx));
  }

  private void history(RoutingContext ctx, ExecutionQuery query) {
    executions
        .history(query)
        .onSuccess(
            page -> {
              JsonArray items = new JsonArray();
              page.items().forEach(e -> items.add(toJson(e)));
              String next =
                  page.next() == null
                      ? null
                      : Requests.encodeCursor(page.next().scheduledAt() + "|" + page.next().id());
              Requests.json(ctx, 200, new JsonObject().put("items", items).put("next", next));
            })
        .onFailure(ctx::fail);
  }

  /** Records PostgreSQL refused and the batch writer set aside, newest first. */
  private void rejects(RoutingContext ctx) {
    int limit = Requests.intQuery(ctx, "limit", 50, 1, 1000);
    Long before = rejectCursor(ctx);
    executions
        .rejects(limit + 1, before)
        .onSuccess(
            found -> {
              List<StoredReject> page = found.size() > limit ? found.subList(0, limit) : found;
              JsonArray items = new JsonArray();
              page.forEach(r -> items.add(toJson(r)));
              String next =
                  found.size() > limit
                      ? Requests.encodeCursor(Long.toString(page.get(limit - 1).id()))
                      : null;
              Requests.json(ctx, 200, new JsonObject().put("items", items).put("next", next));
            })
        .onFailure(ctx::fail);
  }

  private static Long rejectCursor(RoutingContext ctx) {
    String cursor = Requests.decodeCursor(ctx, "cursor");
    if (cursor == null) {
      return null;
    }
    try {
      return Long.parseLong(cursor);
    } catch (NumberFormatException e) {
      throw ApiError.badRequest("cursor", "cursor is not a cursor this API returned");
    }
  }

  static JsonObject toJson(StoredReject r) {
    return new JsonObject()
        .put("executionId", r.executionId() == null ? null : r.executionId().toString())
        .put("jobId", r.jobId() == null ? null : r.jobId().toString())
        .put("scheduledAt", r.scheduledAt() == null ? null : r.scheduledAt().toString())
        .put("sqlState", r.sqlState())
        .put("error", r.error())
        .put("rejectedAt", r.rejectedAt().toString())
        .put("record", r.payload());
  }

  /** Fires the job once now, recorded like a scheduled execution; works on paused jobs too. */
  private void trigger(RoutingContext ctx) {
    jobs.load(ctx)
        .compose(
            job -> {
              if (job.deletedAt() != null) {
                return Future.failedFuture(
                    new ApiError(
                        409,
                        "job_deleted",
                        "job "
                            + job.id()
                            + " is deleted; PATCH {\"active\": true} to restore it first",
                        null));
              }
              long nowMillis = clock.epochMillis();
              return reserve(
                  Fire.manual(UuidV7.next(nowMillis), job, nowMillis), TRIGGER_KEY_ATTEMPTS);
            })
        .onSuccess(
            fire -> {
              if (!engine.fireNow(fire)) {
                ctx.fail(
                    new ApiError(
                        503, "not_ready", "no partition is running in this process", null));
                return;
              }
              Requests.json(
                  ctx,
                  202,
                  new JsonObject()
                      .put("executionId", fire.executionId().toString())
                      .put("jobId", fire.job().id().toString())
                      .put("scheduledAt", Instant.ofEpochMilli(fire.scheduledAtMillis()).toString())
                      .put("status", ExecutionStatus.RUNNING.name()));
            })
        .onFailure(ctx::fail);
  }

  /**
   * Inserts the running row; two triggers in the same millisecond take the next free millisecond.
   * Never a whole second ({@link Fire#manual}): that key belongs to the second's scheduled fire.
   */
  private Future<Fire> reserve(Fire fire, int attemptsLeft) {
    return executions
        .insertRunning(fire)
        .compose(
            inserted -> {
              if (inserted) {
                return Future.succeededFuture(fire);
              }
              if (attemptsLeft <= 1) {
                return Future.failedFuture(
                    new ApiError(409, "conflict", "too many triggers at the same instant", null));
              }
              return reserve(fire.nextManualMillisecond(), attemptsLeft - 1);
            });
  }

  private static ExecutionStatus status(RoutingContext ctx) {
    String value = ctx.request().getParam("status");
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return ExecutionStatus.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(
          "status", "status must be one of " + Arrays.toString(ExecutionStatus.values()));
    }
  }

  private static ExecutionQuery.Position position(RoutingContext ctx) {
    String cursor = Requests.decodeCursor(ctx, "cursor");
    if (cursor == null) {
      return null;
    }
    try {
      String[] parts = cursor.split("\\|", 2);
      return new ExecutionQuery.Position(Instant.parse(parts[0]), UUID.fromString(parts[1]));
    } catch (RuntimeException e) {
      throw ApiError.badRequest("cursor", "cursor is not a cursor this API returned");
    }
  }

  static JsonObject toJson(Execution e) {
    return new JsonObject()
        .put("id", e.id().toString())
        .put("jobId", e.jobId().toString())
        .put("scheduledAt", e.scheduledAt().toString())
        .put("firedAt", e.firedAt() == null ? null : e.firedAt().toString())
        .put("driftMs", e.driftMs())
        .put("status", e.status().name())
        .put("httpStatus", e.httpStatus())
        .put("durationMs", e.durationMs())
        .put("attempts", e.attempts())
        .put("error", e.error())
        .put("trigger", e.trigger().name());
  }
}
