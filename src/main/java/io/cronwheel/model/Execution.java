package io.cronwheel.model;

import java.time.Instant;
import java.util.UUID;

/**
 * One attempt-group at delivering one second of one job: the row in execution history.
 *
 * @param firedAt when the first attempt left, or {@code null} if it never did
 * @param driftMs {@code firedAt - scheduledAt} in milliseconds, or {@code null} if never fired
 * @param httpStatus the last response status, or {@code null} if no response was received
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
    Trigger trigger) {}
