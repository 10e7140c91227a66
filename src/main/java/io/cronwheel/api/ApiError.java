package io.cronwheel.api;

import io.vertx.core.json.JsonObject;

/**
 * An error answer: {@code {"error": {"code", "message", "field"}}} with its HTTP status. Thrown by
 * handlers and rendered by the router's failure handler, so nothing half-written ever reaches the
 * client.
 */
public final class ApiError extends RuntimeException {
  private final int status;
  private final String code;
  private final String field;

  public ApiError(int status, String code, String message, String field) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.field = field;
  }

  public static ApiError invalid(String field, String message) {
    return new ApiError(422, "validation_failed", message, field);
  }

  public static ApiError notFound(String message) {
    return new ApiError(404, "not_found", message, null);
  }

  public static ApiError badRequest(String field, String message) {
    return new ApiError(400, "bad_request", message, field);
  }

  public int status() {
    return status;
  }

  public JsonObject toJson() {
    JsonObject error = new JsonObject().put("code", code).put("message", getMessage());
    if (field != null) {
      error.put("field", field);
    }
    return new JsonObject().put("error", error);
  }
}
