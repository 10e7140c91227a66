package io.cronwheel.store;

import io.cronwheel.model.Execution;

/**
 * An execution record PostgreSQL refused on its own, to be set aside in {@code execution_rejects}.
 *
 * @param sqlState the refusal's SQLSTATE, or null if it had none
 * @param error the refusal's message
 */
public record ExecutionReject(Execution execution, String sqlState, String error) {}
