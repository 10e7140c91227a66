/**
 * Timing wheels and the partitions that drive them. {@link io.cronwheel.wheel.TimingWheel} and
 * {@link io.cronwheel.wheel.PartitionScheduler} are passive and single-threaded: they never read a
 * clock and are only touched from the owning partition's event loop. {@link
 * io.cronwheel.wheel.PartitionVerticle} is the one place that reads the clock and arms timers.
 */
package io.cronwheel.wheel;
