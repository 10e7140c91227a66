package io.cronwheel.api;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Locale;
import java.util.UUID;

/** Small helpers shared by the route handlers: reading requests and writing JSON answers. */
final class Requests {
  private Requests() {}

  /**
   * The JSON object body of a request: the one the contract validated, else parsed here after
   * checking its content type.
   */
  static JsonObject jsonBody(RoutingContext ctx) {
    if (ctx.get(ContractValidator.VALIDATED_BODY) instanceof JsonObject validated) {
      return validated; // checked against the contract already, and parsed once
    }
    String type = ctx.request().getHeader("Content-Type");
    String mediaType = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!mediaType.equals("application/json")
        && !mediaType.equals("application/merge-patch+json")) {
      throw new ApiError(415, "unsupported_media_type", "send the body as application/json", null);
    }
    String text = ctx.body().asString();
    if (text == null || text.isBlank()) {
      throw ApiError.badRequest(null, "the request body is empty; a JSON object is expected");
    }
    Object parsed;
    try {
      parsed = Json.decodeValue(text);
    } catch (DecodeException e) {
      throw new ApiError(400, "malformed_json", "the request body is not valid JSON", null);
    }
    if (!(parsed instanceof JsonObject object)) {
      throw ApiError.badRequest(null, "the request body must be a JSON object");
    }
    return object;
  }

  static UUID uuidParam(RoutingContext ctx, String name) {
    String value = ctx.pathParam(name);
    try {
      return UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      throw ApiError.notFound("no job with id '" + value + "'");
    }
  }

  static int intQuery(RoutingContext ctx, String name, int fallback, int min, int max) {
    String value = ctx.request().getParam(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed < min || parsed > max) {
        throw ApiError.badRequest(name, name + " must be between " + min + " and " + max);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw ApiError.badRequest(name, name + " must be an integer");
    }
  }

  static Boolean booleanQuery(RoutingContext ctx, String name) {
    String value = ctx.request().getParam(name);
    if (value == null || value.isBlank()) {
      return null;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw ApiError.badRequest(name, name + " must be true or false");
    };
  }

  /**
   * An optional ISO-8601 instant: {@code 2026-11-23T03:20:42Z}, or with an offset such as {@code
   * +01:00}.
   */
  static Instant instantQuery(RoutingContext ctx, String name) {
    String value = ctx.request().getParam(name);
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value.trim()).toInstant();
    } catch (DateTimeParseException e) {
      throw ApiError.badRequest(
          name, name + " must be an ISO-8601 instant such as 2026-11-23T03:20:42Z");
    }
  }

  static String encodeCursor(String position) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(position.getBytes(StandardCharsets.UTF_8));
  }

  static String decodeCursor(RoutingContext ctx, String name) {
    String value = ctx.request().getParam(name);
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return new String(Base64.getUrlDecoder().decode(value.trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(name, name + " is not a cursor this API returned");
    }
  }

  static void json(RoutingContext ctx, int status, Object body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(Json.encode(body));
  }
}
