/**
 * Time as the engine sees it. Everything that needs "now" takes a {@link io.cronwheel.time.Clock},
 * so scheduling and retry logic run in virtual time in tests. Pure Java, thread-safe.
 */
package io.cronwheel.time;
