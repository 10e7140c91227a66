package io.cronwheel.model;

import java.time.Instant;
import java.util.UUID;

/**
 * An execution an earlier run (or another engine) left claimed or in flight, with its job's
 * delivery type: what start-up recovery decides about.
 */
public record UnfinishedExecution(
    UUID id,
    UUID jobId,
    Instant scheduledAt,
    ExecutionStatus status,
    Trigger trigger,
    ExecutionType executionType) {

  public boolean scheduled() {
    return trigger == Trigger.SCHEDULED;
  }
}
