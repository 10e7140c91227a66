package io.cronwheel.dispatch;

import io.cronwheel.metrics.EngineEvents;
import io.cronwheel.time.Clock;

/**
 * What every partition's dispatcher shares: the clock, the engine-wide concurrency caps and the
 * event listener. Thread-safe.
 */
public record DispatchEnvironment(Clock clock, ConcurrencyLimiter limiter, EngineEvents events) {}
