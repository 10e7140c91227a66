/**
 * The peers of the side-by-side benchmark: Quartz and db-scheduler, each a {@code main} run as its own process by
 * the throughput driver, firing N every-second jobs at the same receiver as the engine. Each job's worker thread
 * POSTs and waits for the answer, as a user's job would. The driver reads {@code /health} and {@code /metrics} of
 * {@link io.cronwheel.bench.peers.StatusServer}; the tuning each peer runs with is written to {@code
 * peer-settings.md} in its working directory.
 */
package io.cronwheel.bench.peers;
