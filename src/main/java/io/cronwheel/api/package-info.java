/**
 * The REST API under {@code /api/v1}, health and metrics endpoints. Handlers run on the API
 * verticle's event loop and only call non-blocking stores; every error leaves as the one JSON shape
 * of {@link io.cronwheel.api.ApiError}.
 */
package io.cronwheel.api;
