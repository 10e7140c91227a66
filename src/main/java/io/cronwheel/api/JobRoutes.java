package io.cronwheel.api;

import io.cronwheel.auth.Principal;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

/**
 * CRUD over jobs. Each change is validated, charged to the job memory budget ({@link
 * JobAdmission}), stored, then handed to the job's partition, which applies it at once; a change
 * refused at any step stores nothing.
 */
final class JobRoutes {
  static final String BULK_PATH = "/api/v1/jobs/bulk";
  static final int MAX_BULK_JOBS = 1000;

  private final PgJobStore jobs;
  private final JobAdmission admission;
  private final JobValidator validator;
  private final EngineControl engine;
  private final TargetScreen screen;
  private final Clock clock;

  JobRoutes(
      PgJobStore jobs,
      JobAdmission admission,
      EngineControl engine,
      TargetScreen screen,
      Clock clock) {
    this.jobs = jobs;
    this.admission = admission;
    this.validator = new JobValidator(admission.limits());
    this.engine = engine;
    this.screen = screen;
    this.clock = clock;
  }

  void mount(Router router) {
    router.post(BULK_PATH).handler(this::createMany);
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
    Principal who = Authentication.principal(ctx);
    screen
        .check(job.spec())
        .compose(
            v ->
                store(null, job, stored -> jobs.insert(stored, AuditLines.jobCreated(who, stored))))
        .onSuccess(
            saved -> {
              ctx.response()
                  .putHeader("Location", "/api/v1/jobs/" + saved.id())
                  .putHeader("ETag", etag(saved));
              Requests.json(ctx, 201, toJson(saved));
            })
        .onFailure(ctx::fail);
  }

  /**
   * {@code POST /jobs/bulk}: up to {@value #MAX_BULK_JOBS} job definitions, each validated and
   * charged to the budget like a single create; the valid ones are stored in one transaction. The
   * answer has one item per job, in request order: {@code {"status": 201, "job"}} or {@code
   * {"status": 4xx, "error"}}. Only a malformed envelope fails the whole request (400, nothing
   * stored).
   */
  private void createMany(RoutingContext ctx) {
    JsonArray definitions = bulkDefinitions(Requests.jsonBody(ctx));
    Instant now = now();
    JsonObject[] answers = new JsonObject[definitions.size()];
    List<Integer> valid = new ArrayList<>();
    List<Job> candidates = new ArrayList<>();
    for (int i = 0; i < definitions.size(); i++) {
      Object definition = definitions.getValue(i);
      try {
        if (!(definition instanceof JsonObject object)) {
          throw ApiError.badRequest(null, "each job must be a JSON object");
        }
        JobDefinition def = validator.validate(JobValidator.withDefaults(object));
        valid.add(i);
        candidates.add(
            new Job(UuidV7.next(now.toEpochMilli()), def.spec(), def.active(), null, now, now, 1));
      } catch (ApiError refused) {
        answers[i] = refusedItem(refused);
      }
    }
    List<Future<Void>> screened = new ArrayList<>();
    candidates.forEach(job -> screened.add(screen.check(job.spec())));
    Future.join(screened)
        .onComplete(
            all -> {
              try {
                storeMany(ctx, answers, valid, candidates, screened);
              } catch (Throwable t) {
                ctx.fail(t);
              }
            });
  }

  /** The screened jobs of a bulk create, charged to the budget and stored in one transaction. */
  private void storeMany(
      RoutingContext ctx,
      JsonObject[] answers,
      List<Integer> valid,
      List<Job> candidates,
      List<Future<Void>> screened) {
    List<Integer> positions = new ArrayList<>();
    List<Job> toStore = new ArrayList<>();
    List<JobAdmission.Change> charges = new ArrayList<>();
    for (int k = 0; k < candidates.size(); k++) {
      int i = valid.get(k);
      Job job = candidates.get(k);
      if (screened.get(k).failed()) {
        Throwable cause = screened.get(k).cause();
        if (!(cause instanceof ApiError refused)) {
          charges.forEach(JobAdmission.Change::rollback);
          ctx.fail(cause);
          return;
        }
        answers[i] = refusedItem(refused);
        continue;
      }
      JobAdmission.Change charge = admission.change(null, job);
      if (charge.refusal() != null) {
        answers[i] =
            refusedItem(
                new ApiError(507, "job_memory_budget_full", charge.refusal().message(), null));
        continue;
      }
      positions.add(i);
      toStore.add(job);
      charges.add(charge);
    }
    Principal who = Authentication.principal(ctx);
    jobs.insertAll(toStore, job -> AuditLines.jobCreated(who, job))
        .onSuccess(
            saved -> {
              for (int k = 0; k < saved.size(); k++) {
                int position = positions.get(k);
                Job job = saved.get(k).orElse(null);
                if (job == null) {
                  charges.get(k).rollback();
                  answers[position] =
                      refusedItem(
                          new ApiError(
                              409,
                              "duplicate_name",
                              "a job named '" + toStore.get(k).name() + "' already exists",
                              "name"));
                } else {
                  charges.get(k).commit(job);
                  engine.jobChanged(job);
                  answers[position] = new JsonObject().put("status", 201).put("job", toJson(job));
                }
              }
              Requests.json(
                  ctx, 200, new JsonObject().put("items", new JsonArray(List.of(answers))));
            })
        .onFailure(
            error -> {
              charges.forEach(JobAdmission.Change::rollback);
              ctx.fail(error);
            });
  }

  /** The envelope {@code {"jobs": [...]}}: anything else is a 400 that stores nothing. */
  private static JsonArray bulkDefinitions(JsonObject body) {
    for (String field : body.fieldNames()) {
      if (!field.equals("jobs")) {
        throw ApiError.badRequest(
            field, "unknown field '" + field + "'; the body is {\"jobs\": [job, ...]}");
      }
    }
    if (!(body.getValue("jobs") instanceof JsonArray definitions)) {
      throw ApiError.badRequest("jobs", "jobs must be an array of job definitions");
    }
    if (definitions.isEmpty() || definitions.size() > MAX_BULK_JOBS) {
      throw ApiError.badRequest(
          "jobs",
          "jobs must hold 1 to " + MAX_BULK_JOBS + " job definitions, not " + definitions.size());
    }
    return definitions;
  }

  private static JsonObject refusedItem(ApiError refused) {
    return refused.toJson().put("status", refused.status());
  }

  private void list(RoutingContext ctx) {
    int limit = Requests.intQuery(ctx, "limit", 50, 1, 1000);
    JobQuery.Sort sort = JobListCursor.sort(ctx.request().getParam("sort"));
    boolean descending = JobListCursor.descending(ctx.request().getParam("order"));
    JobQuery.Position after =
        JobListCursor.decode(Requests.decodeCursor(ctx, "cursor"), sort, descending);
    String name = ctx.request().getParam("name");
    String nameProblem = name == null ? null : TextRules.singleLineProblem(name);
    if (nameProblem != null) {
      throw ApiError.badRequest("name", "name " + nameProblem);
    }
    Boolean includeDeleted = Requests.booleanQuery(ctx, "deleted");
    JobQuery query =
        new JobQuery(
            limit,
            sort,
            descending,
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
                  page.next() == null
                      ? null
                      : Requests.encodeCursor(JobListCursor.encode(page.next(), sort, descending));
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
    Principal who = Authentication.principal(ctx);
    load(ctx)
        .compose(
            current -> {
              checkVersion(current, expected);
              JsonObject merged = JobPatch.merge(JobJson.writable(current), patch);
              SecretMask.unmask(merged, current.target());
              JobDefinition def = validator.validate(merged);
              // Only a changed URL is screened: a job whose host the policy has since refused can
              // still be paused, deleted or pointed elsewhere.
              boolean sameUrls =
                  def.spec().target().url().equals(current.target().url())
                      && Objects.equals(def.spec().alertWebhook(), current.spec().alertWebhook());
              return (sameUrls ? Future.<Void>succeededFuture() : screen.check(def.spec()))
                  .compose(v -> patched(who, current, def, patch));
            })
        .onSuccess(
            saved -> {
              ctx.response().putHeader("ETag", etag(saved));
              Requests.json(ctx, 200, toJson(saved));
            })
        .onFailure(ctx::fail);
  }

  private Future<Job> patched(Principal who, Job current, JobDefinition def, JsonObject patch) {
    boolean revive = patch.containsKey("active") && def.active();
    Instant deletedAt = revive ? null : current.deletedAt();
    Instant now = now();
    Job updated = current.next(def.spec(), deletedAt == null && def.active(), deletedAt, now);
    return store(current, updated, job -> update(who, current, job));
  }

  /** Soft delete: the job stops firing; {@code PATCH {"active": true}} brings it back. */
  private void delete(RoutingContext ctx) {
    Long expected = expectedVersion(ctx, null);
    Principal who = Authentication.principal(ctx);
    load(ctx)
        .compose(
            current -> {
              checkVersion(current, expected);
              if (current.deletedAt() != null) {
                return Future.succeededFuture(current);
              }
              Instant now = now();
              Job deleted = current.next(current.spec(), false, now, now);
              return store(current, deleted, job -> update(who, current, job));
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

  private Future<Job> update(Principal who, Job current, Job updated) {
    return jobs.update(updated, current.version(), AuditLines.jobChanged(who, current, updated));
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
    return clock.instant();
  }
}
