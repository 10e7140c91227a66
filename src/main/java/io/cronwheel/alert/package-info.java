/**
 * Alerts per failure episode of a job: {@link io.cronwheel.alert.AlertTracker} turns every final
 * execution into at most one alert per job and interval (called on the partitions' loops, cheap and
 * lock-free for healthy jobs), {@link io.cronwheel.alert.AlertWriter} stores them in PostgreSQL,
 * and {@link io.cronwheel.alert.AlertDelivery} POSTs them from the table with a bounded window and
 * a lease per alert. The writer, the delivery and the tracker's sweep run on the {@link
 * io.cronwheel.alert.AlertVerticle}'s event loop, on injected time.
 */
package io.cronwheel.alert;
