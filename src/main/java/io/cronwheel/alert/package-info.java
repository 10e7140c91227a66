/**
 * Alerts about executions that finally failed: stored in PostgreSQL first, then POSTed to the job's
 * webhook (or the global one) until delivered, across restarts. Runs on the {@link
 * io.cronwheel.alert.AlertVerticle}'s event loop.
 */
package io.cronwheel.alert;
