package io.cronwheel.model;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;

/**
 * A registered job as stored. A job fires only while {@link #isScheduled()}: active and not deleted.
 *
 * @param deletedAt set by a soft delete; a later {@code active: true} clears it
 * @param version incremented on every change, for optimistic concurrency
 */
public record Job(
    UUID id,
    String name,
    String schedule,
    ZoneId timezone,
    ExecutionType executionType,
    Target target,
    Duration timeout,
    RetryPolicy retry,
    boolean active,
    Instant deletedAt,
    Instant createdAt,
    Instant updatedAt,
    long version) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  public static final ZoneId DEFAULT_TIMEZONE = ZoneId.of("UTC");

  public boolean isScheduled() {
    return active && deletedAt == null;
  }
}
