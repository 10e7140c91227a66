/**
 * Vert.x plumbing the engine's parts share: {@link io.cronwheel.time.Timers} on a context, and
 * periodic background tasks as verticles so that start-up and shutdown treat them like every other
 * part.
 */
package io.cronwheel.runtime;
