package io.cronwheel.api;

import io.cronwheel.auth.Principal;
import io.cronwheel.model.AuditEntry;
import io.cronwheel.model.Job;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The audit lines the API writes with its changes: who (the token's name), what (an action and its
 * subject) and what changed (a job as created, or each changed field with its old and new value).
 * Secret header values never reach the trail: jobs are shown as the API shows them, masked.
 */
final class AuditLines {

  private AuditLines() {}

  static AuditEntry jobCreated(Principal who, Job job) {
    return new AuditEntry(
        job.updatedAt(),
        who.name(),
        "job.create",
        subject(job),
        new JsonObject().put("job", JobJson.writable(job)).encode());
  }

  static AuditEntry jobChanged(Principal who, Job before, Job after) {
    JsonObject changes = new JsonObject();
    JsonObject was = JobJson.writable(before);
    JsonObject is = JobJson.writable(after);
    diff("", was, is, changes);
    // The documents are masked: a changed secret value is seen in the clear, and shown masked.
    if (!before.target().headers().equals(after.target().headers())) {
      changes.put(
          "target.headers",
          change(
              was.getJsonObject("target").getValue("headers"),
              is.getJsonObject("target").getValue("headers")));
    }
    if ((before.deletedAt() == null) != (after.deletedAt() == null)) {
      changes.put("deleted", change(before.deletedAt() != null, after.deletedAt() != null));
    }
    String action =
        after.deletedAt() != null && before.deletedAt() == null ? "job.delete" : "job.update";
    return new AuditEntry(after.updatedAt(), who.name(), action, subject(after), changes.encode());
  }

  static AuditEntry configChanged(Principal who, Instant at, JsonObject before, JsonObject after) {
    JsonObject changes = new JsonObject();
    diff("", before, after, changes);
    return new AuditEntry(at, who.name(), "config.update", "config", changes.encode());
  }

  static AuditEntry tokenCreated(Principal who, Instant at, String name, String role) {
    return new AuditEntry(
        at,
        who.name(),
        "token.create",
        "token:" + name,
        new JsonObject().put("role", role).encode());
  }

  static AuditEntry tokenRevoked(Principal who, Instant at, String name) {
    return new AuditEntry(at, who.name(), "token.revoke", "token:" + name, "{}");
  }

  private static String subject(Job job) {
    return "job:" + job.id();
  }

  /** Fields that differ, one level into objects ({@code target.url}), as {@code {from, to}}. */
  private static void diff(String prefix, JsonObject before, JsonObject after, JsonObject out) {
    Set<String> fields = new TreeSet<>(before.fieldNames());
    fields.addAll(after.fieldNames());
    for (String field : fields) {
      Object old = before.getValue(field);
      Object now = after.getValue(field);
      if (Objects.equals(old, now)) {
        continue;
      }
      if (prefix.isEmpty() && old instanceof JsonObject o && now instanceof JsonObject n) {
        diff(field + ".", o, n, out);
      } else {
        out.put(prefix + field, change(old, now));
      }
    }
  }

  private static JsonObject change(Object from, Object to) {
    return new JsonObject().put("from", from).put("to", to);
  }
}
