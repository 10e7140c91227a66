package io.cronwheel.store;

import io.cronwheel.model.Execution;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * Turns a refused execution record into text PostgreSQL is sure to take: a {@code jsonb} payload of
 * the record, with each NUL character (which neither {@code text} nor {@code jsonb} can hold)
 * written as the six characters {@code \u0000}. Pure.
 */
final class RejectPayloads {
  private static final String NUL = "\u0000";
  private static final String NUL_SHOWN = "\\u0000";

  private RejectPayloads() {}

  static String payload(Execution e) {
    return new JsonObject()
        .put("id", text(e.id()))
        .put("jobId", text(e.jobId()))
        .put("scheduledAt", text(e.scheduledAt()))
        .put("firedAt", text(e.firedAt()))
        .put("driftMs", e.driftMs())
        .put("status", text(e.status()))
        .put("httpStatus", e.httpStatus())
        .put("durationMs", e.durationMs())
        .put("attempts", e.attempts())
        .put("error", text(e.error()))
        .put("trigger", text(e.trigger()))
        .encode();
  }

  /** The value's text with NUL characters shown, or null. */
  static String text(Object value) {
    if (value == null) {
      return null;
    }
    String s = value instanceof Instant instant ? instant.toString() : value.toString();
    return s.contains(NUL) ? s.replace(NUL, NUL_SHOWN) : s;
  }
}
