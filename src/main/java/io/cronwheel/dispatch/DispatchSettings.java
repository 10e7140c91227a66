package io.cronwheel.dispatch;

import java.time.Duration;

/**
 * How fires are sent (the defaults are in {@code CronwheelConfig}).
 *
 * @param poolSize keep-alive connections per target host, per partition
 * @param pipeliningLimit requests sent ahead on one keep-alive connection; 1 turns HTTP pipelining
 *     off
 * @param connectTimeout how long a request may wait for a connection (queueing and opening one);
 *     separate from the job's own timeout, which starts once the request is written
 * @param maxConnectingPerHost new connections being opened to one host at once, across partitions
 * @param permitWait how long an attempt may wait for a concurrency permit
 * @param executionDeadline how long after its scheduled second an execution may still be attempted
 */
public record DispatchSettings(
    int poolSize,
    int pipeliningLimit,
    Duration connectTimeout,
    int maxConnectingPerHost,
    Duration permitWait,
    Duration executionDeadline) {}
