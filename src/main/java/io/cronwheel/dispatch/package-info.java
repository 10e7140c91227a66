/**
 * Sending fires: building each HTTP request, classifying its result, retrying with backoff, and
 * reporting the final execution. An {@link io.cronwheel.dispatch.HttpDispatcher} belongs to one
 * partition and runs only on that partition's event loop; nothing here blocks.
 */
package io.cronwheel.dispatch;
