package io.cronwheel.dispatch;

import io.cronwheel.metrics.EngineEvents;
import io.cronwheel.time.Clock;

/**
 * What every partition's dispatcher shares: the clock, the settings, the engine-wide concurrency
 * caps, the target hosts' state, the aggregated failure log, the event listener, and the target
 * policy and TLS trust. Thread-safe.
 */
public record DispatchEnvironment(
    Clock clock,
    DispatchSettings settings,
    ConcurrencyLimiter limiter,
    Hosts hosts,
    FailureLog failures,
    EngineEvents events,
    TargetSecurity security) {}
