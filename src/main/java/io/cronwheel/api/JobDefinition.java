package io.cronwheel.api;

import io.cronwheel.model.ExecutionType;
import io.cronwheel.model.RetryPolicy;
import io.cronwheel.model.Target;
import java.time.Duration;
import java.time.ZoneId;

/** The writable fields of a job, validated. */
record JobDefinition(
    String name,
    String schedule,
    ZoneId timezone,
    ExecutionType executionType,
    Target target,
    Duration timeout,
    RetryPolicy retry,
    boolean active) {}
