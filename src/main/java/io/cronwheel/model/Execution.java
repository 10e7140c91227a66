package io.cronwheel.model;

import java.time.Instant;
import java.util.UUID;

/**
 * One attempt-group at delivering one second of one job: the row in execution history. Build one
 * with {@link #notSent} or {@link #sent}; the canonical constructor is for reading rows back.
 *
 * @param firedAt when the first attempt left, or {@code null} if it never did
 * @param driftMs {@code firedAt - scheduledAt} in milliseconds, or {@code null} if never fired
 * @param httpStatus the last response status, or {@code null} if no response was received
 * @param durationMs from the first attempt to the final answer, or {@code null} if never fired
 */
public record Execution(
    UUID id,
    UUID jobId,
    Instant scheduledAt,
    Instant firedAt,
    Long driftMs,
    ExecutionStatus status,
    Integer httpStatus,
    Long durationMs,
    int attempts,
    String error,
    Trigger trigger) {

  /** An execution that was never sent: skipped, missed, or failed before its first attempt left. */
  public static Execution notSent(
      UUID id,
      UUID jobId,
      Instant scheduledAt,
      Trigger trigger,
      ExecutionStatus status,
      String reason) {
    return new Execution(
        id, jobId, scheduledAt, null, null, status, null, null, 0, reason, trigger);
  }

  /** A fire that was never sent. */
  public static Execution notSent(Fire fire, ExecutionStatus status, String reason) {
    return notSent(
        fire.executionId(),
        fire.job().id(),
        Instant.ofEpochMilli(fire.scheduledAtMillis()),
        fire.trigger(),
        status,
        reason);
  }

  /** An execution that recovery found unfinished and decided not to send again. */
  public static Execution notSent(
      UnfinishedExecution unfinished, ExecutionStatus status, String reason) {
    return notSent(
        unfinished.id(),
        unfinished.jobId(),
        unfinished.scheduledAt(),
        unfinished.trigger(),
        status,
        reason);
  }

  /**
   * A fire whose first attempt left at {@code firedAtMillis} and that reached its final state.
   *
   * @param error the last failure's reason, or {@code null} when it succeeded
   */
  public static Execution sent(
      Fire fire,
      long firedAtMillis,
      long durationMs,
      ExecutionStatus status,
      Integer httpStatus,
      int attempts,
      String error) {
    return new Execution(
        fire.executionId(),
        fire.job().id(),
        Instant.ofEpochMilli(fire.scheduledAtMillis()),
        Instant.ofEpochMilli(firedAtMillis),
        Math.max(0, firedAtMillis - fire.scheduledAtMillis()),
        status,
        httpStatus,
        durationMs,
        attempts,
        error,
        fire.trigger());
  }
}
