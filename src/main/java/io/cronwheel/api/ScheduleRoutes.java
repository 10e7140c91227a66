package io.cronwheel.api;

import io.cronwheel.cron.CronSchedules;
import io.cronwheel.model.JobSpec;
import io.cronwheel.time.Clock;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.ZoneId;

/**
 * {@code GET /api/v1/schedules/preview?schedule=&timezone=&count=}: the next fire times of a
 * schedule that need not belong to a job, checked exactly as a job's {@code schedule} and {@code
 * timezone} are (a 422 naming the field). The dashboard's form validates as the user types with it.
 */
final class ScheduleRoutes {
  static final int DEFAULT_COUNT = 5;
  static final int MAX_COUNT = 100;

  private final Clock clock;

  ScheduleRoutes(Clock clock) {
    this.clock = clock;
  }

  void mount(Router router) {
    router.get("/api/v1/schedules/preview").handler(this::preview);
  }

  private void preview(RoutingContext ctx) {
    int count = Requests.intQuery(ctx, "count", DEFAULT_COUNT, 1, MAX_COUNT);
    String timezone = ctx.request().getParam("timezone");
    JsonObject asJob =
        new JsonObject()
            .put("schedule", ctx.request().getParam("schedule"))
            .put(
                "timezone",
                timezone == null || timezone.isBlank()
                    ? JobSpec.DEFAULT_TIMEZONE.getId()
                    : timezone);
    ZoneId zone = JobValidator.zone(asJob);
    String schedule = JobValidator.schedule(asJob, zone);
    JsonArray next = new JsonArray();
    JsonArray local = new JsonArray();
    CronSchedules.parse(schedule, zone)
        .nextFires(clock.instant(), count)
        .forEach(
            at -> {
              next.add(at.toString());
              local.add(at.atZone(zone).toOffsetDateTime().toString());
            });
    Requests.json(
        ctx,
        200,
        new JsonObject()
            .put("schedule", schedule)
            .put("timezone", zone.getId())
            .put("next", next)
            .put("nextLocal", local));
  }
}
