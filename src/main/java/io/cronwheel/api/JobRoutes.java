package io.cronwheel.api;

import io.cronwheel.cron.CronSchedules;
import io.cronwheel.model.Job;
import io.cronwheel.model.TextRules;
import io.cronwheel.store.JobAdmission;
import io.cronwheel.store.JobQuery;
import io.cronwheel.store.PgJobStore;
import io.cronwheel.store.StoreException;
import io.cronwheel.time.Clock;
import io.cronwheel.time.UuidV7;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;

/**
 * CRUD over jobs. Each change is validated, charged to the job memory budget ({@link
 * JobAdmission}), stored, then handed to the job's partition, which applies it at once; a change
 * refused at any step stores nothing.
 */
final class JobRoutes {
  private final PgJobStore jobs;
  private final JobAdmission admission;
  private final JobValidator validator;
  private final EngineControl engine;
  private final Clock clock;

  JobRoutes(PgJobStore jobs, JobAdmission admission, EngineControl engine, Clock clock) {
    this.jobs = jobs;
    this.admission = admission;
    this.validator = new JobValidator(admission.limits());
    this.engine = engine;
    this.clock = clock;
  }

  void mount(Router router) {
    router.post("/api/v1/jobs").handler(this::create);
    router.get("/api/v1/jobs").handler(this::list);
    router.get("/api/v1/jobs/:id").handler(this::get);
    router.patch("/api/v1/jobs/:id").handler(this::patch);
    router.delete("/api/v1/jobs/:id").handler(this::delete);
    router.get("/api/v1/jobs/:id/schedule").handler(this::schedule);
  }

  private void create(RoutingContext ctx) {
    JobDefinition def = validator.validate(JobValidator.withDefaults(Requests.jsonBody(ctx)));
    Instant now = now();
    Job job = new Job(UuidV7.next(now.toEpochMilli()), def.spec(), def.active(), null, now, now, 1);
    store(null, job, jobs::insert)
        .onSuccess(
            saved -> {
              ctx.response()
                  .putHeader("Location", "/api/v1/jobs/" + saved.id())
                  .putHeader("ETag", etag(saved));
              Requests.json(ctx, 201, toJson(saved));
            })
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    int limit = Requests.intQuery(ctx, "limit", 50, 1, 1000);
    String cursor = Requests.decodeCursor(ctx, "cursor");
    UUID after = null;
    if (cursor != null) {
      try {
        after = UUID.fromString(cursor);
      } catch (IllegalArgumentException e) {
        throw ApiError.badRequest("cursor", "cursor is not a cursor this API returned");
      }
    }
    String name = ctx.request().getParam("name");
    String nameProblem = name == null ? null : TextRules.singleLineProblem(name);
    if (nameProblem != null) {
      throw ApiError.badRequest("name", "name " + nameProblem);
    }
    Boolean includeDeleted = Requests.booleanQuery(ctx, "deleted");
    JobQuery query =
        new JobQuery(
            limit,
            after,
            Requests.booleanQuery(ctx, "active"),
            name == null || name.isEmpty() ? null : name,
            Boolean.TRUE.equals(includeDeleted));
    jobs.list(query)
        .onSuccess(
            page -> {
              JsonArray items = new JsonArray();
              page.items().forEach(job -> items.add(toJson(job)));
              String next =
                  page.nextAfter() == null
                      ? null
                      : Requests.encodeCursor(page.nextAfter().toString());
              Requests.json(ctx, 200, new JsonObject().put("items", items).put("next", next));
            })
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    load(ctx)
        .onSuccess(
            job -> {
              ctx.response().putHeader("ETag", etag(job));
              Requests.json(ctx, 200, toJson(job));
            })
        .onFailure(ctx::fail);
  }

  private void patch(RoutingContext ctx) {
    JsonObject patch = Requests.jsonBody(ctx);
    JobValidator.rejectUnknownFields(patch);
    Long expected = expectedVersion(ctx, patch);
    load(ctx)
        .compose(
            current -> {
              checkVersion(current, expected);
              JsonObject merged = JobPatch.merge(JobJson.writable(current), patch);
              JobDefinition def = validator.validate(merged);
              boolean revive = patch.containsKey("active") && def.active();
              Instant deletedAt = revive ? null : current.deletedAt();
              Instant now = now();
              Job updated =
                  current.next(def.spec(), deletedAt == null && def.active(), deletedAt, now);
              return store(current, updated, job -> jobs.update(job, current.version()));
            })
        .onSuccess(
            saved -> {
              ctx.response().putHeader("ETag", etag(saved));
              Requests.json(ctx, 200, toJson(saved));
            })
        .onFailure(ctx::fail);
  }

  /** Soft delete: the job stops firing; {@code PATCH {"active": true}} brings it back. */
  private void delete(RoutingContext ctx) {
    Long expected = expectedVersion(ctx, null);
    load(ctx)
        .compose(
            current -> {
              checkVersion(current, expected);
              if (current.deletedAt() != null) {
                return Future.succeededFuture(current);
              }
              Instant now = now();
              Job deleted = current.next(current.spec(), false, now, now);
              return store(current, deleted, job -> jobs.update(job, current.version()));
            })
        .onSuccess(job -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void schedule(RoutingContext ctx) {
    int count = Requests.intQuery(ctx, "count", 10, 1, 1000);
    load(ctx)
        .onSuccess(
            job -> {
              JsonArray times = new JsonArray();
              CronSchedules.parse(job.schedule(), job.timezone())
                  .nextFires(now(), count)
                  .forEach(t -> times.add(t.toString()));
              Requests.json(
                  ctx,
                  200,
                  new JsonObject()
                      .put("jobId", job.id().toString())
                      .put("schedule", job.schedule())
                      .put("timezone", job.timezone().getId())
                      .put("active", job.isScheduled())
                      .put("fireTimes", times));
            })
        .onFailure(ctx::fail);
  }

  /**
   * Charges the change to the job memory budget, writes it, and hands the stored job to its
   * partition; a change over the budget is refused (507) before anything is written.
   */
  private Future<Job> store(Job before, Job after, Function<Job, Future<Job>> write) {
    JobAdmission.Change change = admission.change(before, after);
    if (change.refusal() != null) {
      return Future.failedFuture(
          new ApiError(507, "job_memory_budget_full", change.refusal().message(), null));
    }
    return write
        .apply(after)
        .onSuccess(
            saved -> {
              change.commit(saved);
              engine.jobChanged(saved);
            })
        .onFailure(error -> change.rollback());
  }

  private JsonObject toJson(Job job) {
    String reason = admission.refusal(job).map(JobAdmission.Refusal::message).orElse(null);
    return JobJson.toJson(job, now(), reason);
  }

  Future<Job> load(RoutingContext ctx) {
    UUID id = Requests.uuidParam(ctx, "id");
    return jobs.find(id)
        .compose(
            found ->
                found
                    .map(Future::succeededFuture)
                    .orElseGet(
                        () ->
                            Future.failedFuture(ApiError.notFound("no job with id '" + id + "'"))));
  }

  /** From the body's {@code version} or an {@code If-Match} header; null means unconditional. */
  private static Long expectedVersion(RoutingContext ctx, JsonObject body) {
    Object fromBody = body == null ? null : body.getValue("version");
    if (fromBody != null) {
      if (!(fromBody instanceof Number n) || n.longValue() < 1) {
        throw ApiError.invalid("version", "version must be a positive integer");
      }
      return n.longValue();
    }
    String ifMatch = ctx.request().getHeader("If-Match");
    if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
      return null;
    }
    String digits = ifMatch.trim().replaceFirst("^W/", "").replace("\"", "");
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw ApiError.badRequest("If-Match", "If-Match must be the ETag of the job, such as \"3\"");
    }
  }

  private static void checkVersion(Job current, Long expected) {
    if (expected != null && expected != current.version()) {
      throw new StoreException(
          StoreException.Reason.STALE_VERSION,
          "job " + current.id() + " is at version " + current.version() + ", not " + expected);
    }
  }

  static String etag(Job job) {
    return "\"" + job.version() + "\"";
  }

  private Instant now() {
    return Instant.ofEpochMilli(clock.epochMillis());
  }
}
