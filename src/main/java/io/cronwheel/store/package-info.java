/**
 * PostgreSQL persistence: schema migrations (Flyway, over JDBC, once at start-up before any
 * verticle runs), jobs, and executions written in batches through the reactive client. Everything
 * after start-up is non-blocking and returns Vert.x futures.
 */
package io.cronwheel.store;
