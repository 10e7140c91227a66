package io.cronwheel.wheel;

import io.cronwheel.alert.AlertSink;
import io.cronwheel.dispatch.DispatcherFactory;
import io.cronwheel.metrics.EngineEvents;
import io.cronwheel.store.ExecutionSink;
import io.cronwheel.store.PartitionStore;

/**
 * What a partition works with, each by its role: its store (claims, releases, progress), the sink
 * for execution records, where final executions are reported for alerting, the event listener, how
 * its dispatcher is made, and the lease it fires under.
 */
public record PartitionPorts(
    PartitionStore store,
    ExecutionSink records,
    AlertSink alerts,
    EngineEvents events,
    DispatcherFactory dispatchers,
    LeaseGuard lease) {}
