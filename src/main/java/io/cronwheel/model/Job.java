package io.cronwheel.model;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;

/**
 * A registered job as stored: its {@link JobSpec} plus identity and lifecycle. A job fires only
 * while {@link #isScheduled()}: active and not deleted.
 *
 * @param deletedAt set by a soft delete; a later {@code active: true} clears it
 * @param version incremented on every change, for optimistic concurrency
 */
public record Job(
    UUID id,
    JobSpec spec,
    boolean active,
    Instant deletedAt,
    Instant createdAt,
    Instant updatedAt,
    long version) {

  public boolean isScheduled() {
    return active && deletedAt == null;
  }

  /** The next version of this job: a new spec and state, stamped {@code now}. */
  public Job next(JobSpec newSpec, boolean newActive, Instant newDeletedAt, Instant now) {
    return new Job(id, newSpec, newActive, newDeletedAt, createdAt, now, version + 1);
  }

  public String name() {
    return spec.name();
  }

  public String schedule() {
    return spec.schedule();
  }

  public ZoneId timezone() {
    return spec.timezone();
  }

  public ExecutionType executionType() {
    return spec.executionType();
  }

  public Target target() {
    return spec.target();
  }

  public Duration timeout() {
    return spec.timeout();
  }

  public RetryPolicy retry() {
    return spec.retry();
  }
}
