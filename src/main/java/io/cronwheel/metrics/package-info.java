/**
 * What the engine tells the outside world about itself. The core emits {@link
 * io.cronwheel.metrics.EngineEvents}; {@link io.cronwheel.metrics.MicrometerEngineEvents} turns
 * them into Prometheus metrics. Event methods are called from event loops and must never block.
 */
package io.cronwheel.metrics;
