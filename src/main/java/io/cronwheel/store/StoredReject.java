package io.cronwheel.store;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code execution_rejects}: a record PostgreSQL refused, as set aside.
 *
 * @param payload the record as the engine had it
 */
public record StoredReject(
    long id,
    UUID executionId,
    UUID jobId,
    Instant scheduledAt,
    JsonObject payload,
    String sqlState,
    String error,
    Instant rejectedAt) {}
