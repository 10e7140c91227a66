package io.cronwheel.store;

import io.cronwheel.model.ExecutionType;
import io.cronwheel.model.Job;
import io.cronwheel.model.JobSpec;
import io.cronwheel.model.MisfirePolicy;
import io.cronwheel.model.OverlapPolicy;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Maps {@link Job} to and from rows of the {@code jobs} table. */
final class JobRows {
  static final String COLUMNS = "id, name, schedule, timezone, execution_type, target, timeout_ms, retry, active, "
      + "deleted_at, created_at, updated_at, version, misfire_policy, catch_up_window_ms, overlap_policy, alert_webhook";

  private JobRows() {}

  /** Parameters $1..$17 in {@link #COLUMNS} order. */
  static Tuple toTuple(Job job) {
    JobSpec spec = job.spec();
    return Tuple.tuple()
        .addUUID(job.id())
        .addString(spec.name())
        .addString(spec.schedule())
        .addString(spec.timezone().getId())
        .addString(spec.executionType().name())
        .addJsonObject(JobDocuments.targetJson(spec.target()))
        .addInteger((int) spec.timeout().toMillis())
        .addJsonObject(JobDocuments.retryJson(spec.retry()))
        .addBoolean(job.active())
        .addOffsetDateTime(utc(job.deletedAt()))
        .addOffsetDateTime(utc(job.createdAt()))
        .addOffsetDateTime(utc(job.updatedAt()))
        .addLong(job.version())
        .addString(spec.misfirePolicy().name())
        .addLong(spec.catchUpWindow().toMillis())
        .addString(spec.overlapPolicy().name())
        .addString(spec.alertWebhook());
  }

  static Job fromRow(Row row) {
    JobSpec spec = new JobSpec(
        row.getString("name"),
        row.getString("schedule"),
        ZoneId.of(row.getString("timezone")),
        ExecutionType.valueOf(row.getString("execution_type")),
        JobDocuments.target((JsonObject) row.getValue("target")),
        Duration.ofMillis(row.getInteger("timeout_ms")),
        JobDocuments.retry((JsonObject) row.getValue("retry")),
        MisfirePolicy.valueOf(row.getString("misfire_policy")),
        Duration.ofMillis(row.getLong("catch_up_window_ms")),
        OverlapPolicy.valueOf(row.getString("overlap_policy")),
        row.getString("alert_webhook"));
    return new Job(row.getUUID("id"), spec, row.getBoolean("active"), instant(row.getOffsetDateTime("deleted_at")),
        instant(row.getOffsetDateTime("created_at")), instant(row.getOffsetDateTime("updated_at")),
        row.getLong("version"));
  }

  static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
