package io.cronwheel.store;

import io.cronwheel.model.ExecutionStatus;
import java.time.Instant;
import java.util.UUID;

/**
 * A page request over execution history, newest first.
 *
 * @param jobId only this job's executions; null for all
 * @param status only this status; null for all
 * @param from only executions scheduled at or after this instant; null for no lower bound
 * @param to only executions scheduled before this instant; null for no upper bound
 * @param before continue after this position; null for the newest
 */
public record ExecutionQuery(
    UUID jobId, ExecutionStatus status, Instant from, Instant to, int limit, Position before) {
  /** A place in the (scheduled time, id) order: the cursor between pages. */
  public record Position(Instant scheduledAt, UUID id) {}
}
