package io.cronwheel.store;

import java.time.Duration;

/**
 * How execution records are written (the defaults are in {@code CronwheelConfig}).
 *
 * @param batchSize rows per statement
 * @param interval how often pending rows are written when no full batch is waiting
 * @param capacity rows buffered in memory before new ones are refused
 */
public record BatchSettings(int batchSize, Duration interval, int capacity) {}
