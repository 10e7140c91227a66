package io.cronwheel.store;

import io.cronwheel.model.ExecutionType;
import io.cronwheel.model.Job;
import io.cronwheel.model.JobSpec;
import io.cronwheel.model.MisfirePolicy;
import io.cronwheel.model.OverlapPolicy;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Maps {@link Job} to and from rows of the {@code jobs} table. Rows are read by position, in {@link
 * #SELECTED} order, and the two JSON documents arrive as text (see {@link JobDocuments}): both
 * matter when a million rows are read at start-up.
 */
final class JobRows {
  /** The columns written, in {@link #toTuple} order. */
  static final String COLUMNS =
      "id, name, schedule, timezone, execution_type, target, timeout_ms, retry, active, "
          + "deleted_at, created_at, updated_at, version, misfire_policy, catch_up_window_ms, overlap_policy, alert_webhook";

  /** What every query reading jobs selects (or returns), in the order {@link #fromRow} reads it. */
  static final String SELECTED =
      "id, name, schedule, timezone, execution_type, target->>'url', "
          + "(target - 'url')::text, timeout_ms, retry::text, active, deleted_at, created_at, updated_at, version, "
          + "misfire_policy, catch_up_window_ms, overlap_policy, alert_webhook";

  /**
   * Like {@link #SELECTED}, over the rows of {@code PgJobStore}'s load query, whose {@code doc} is
   * the target without its URL as text: that column (6) is null when the document is larger than
   * parameter $3, and {@link #STORED_TARGET_BYTES} (18) is its size.
   */
  static final String LOADED =
      "id, name, schedule, timezone, execution_type, target->>'url', "
          + "CASE WHEN doc_bytes <= $3 THEN doc END, timeout_ms, retry::text, active, deleted_at, created_at, "
          + "updated_at, version, misfire_policy, catch_up_window_ms, overlap_policy, alert_webhook, doc_bytes";

  /** The column of {@link #LOADED} with the size of the stored target document. */
  static final int STORED_TARGET_BYTES = 18;

  private JobRows() {}

  /** Parameters $1..$17 in {@link #COLUMNS} order. */
  static Tuple toTuple(SecretBox box, Job job) {
    JobSpec spec = job.spec();
    return Tuple.tuple()
        .addUUID(job.id())
        .addString(spec.name())
        .addString(spec.schedule())
        .addString(spec.timezone().getId())
        .addString(spec.executionType().name())
        .addJsonObject(JobDocuments.targetJson(box.seal(spec.target())))
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

  /** Whether a row selected as {@link #LOADED} came without its target document. */
  static boolean targetUnread(Row row) {
    return row.getValue(6) == null;
  }

  /**
   * A row selected as {@link #SELECTED} (or {@link #LOADED}, with its target); the parts many jobs
   * repeat are shared (see {@link SharedValues}).
   */
  static Job fromRow(SecretBox box, Row row) {
    JobSpec spec =
        new JobSpec(
            row.getString(1),
            SharedValues.schedule(row.getString(2)),
            SharedValues.zone(row.getString(3)),
            ExecutionType.valueOf(row.getString(4)),
            box.open(JobDocuments.target(row.getString(5), row.getString(6))),
            SharedValues.millis(row.getInteger(7)),
            JobDocuments.retry(row.getString(8)),
            MisfirePolicy.valueOf(row.getString(14)),
            SharedValues.millis(row.getLong(15)),
            OverlapPolicy.valueOf(row.getString(16)),
            SharedValues.text(row.getString(17)));
    return new Job(
        row.getUUID(0),
        spec,
        row.getBoolean(9),
        instant(row.getOffsetDateTime(10)),
        instant(row.getOffsetDateTime(11)),
        instant(row.getOffsetDateTime(12)),
        row.getLong(13));
  }

  static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
