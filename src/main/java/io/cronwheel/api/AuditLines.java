package io.cronwheel.api;

import io.cronwheel.auth.Principal;
import io.cronwheel.model.AuditEntry;
import io.cronwheel.model.Job;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The audit lines the API writes with its changes: who (the token's name), what (an action and its
 * subject) and what changed (a job as created, or each changed field with its old and new value).
 * Secret header values never reach the trail.
 */
final class AuditLines {
  static final String MASK = "****";
  private static final Set<String> SECRET_HEADERS =
      Set.of("authorization", "cookie", "proxy-authorization");

  private AuditLines() {}

  static AuditEntry jobCreated(Principal who, Job job) {
    return new AuditEntry(
        job.updatedAt(),
        who.name(),
        "job.create",
        subject(job),
        new JsonObject().put("job", masked(JobJson.writable(job))).encode());
  }

  static AuditEntry jobChanged(Principal who, Job before, Job after) {
    JsonObject changes = new JsonObject();
    // Compared in the clear, shown masked: a changed secret shows as a change of masked values.
    diff("", JobJson.writable(before), JobJson.writable(after), changes);
    JsonObject headers = changes.getJsonObject("target.headers");
    if (headers != null) {
      maskHeaders(headers.getJsonObject("from"));
      maskHeaders(headers.getJsonObject("to"));
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

  /** The job's JSON with secret header values replaced by {@value #MASK}. */
  private static JsonObject masked(JsonObject job) {
    JsonObject target = job.getJsonObject("target");
    maskHeaders(target == null ? null : target.getJsonObject("headers"));
    return job;
  }

  private static void maskHeaders(JsonObject headers) {
    if (headers == null) {
      return;
    }
    for (String name : headers.fieldNames()) {
      if (SECRET_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        headers.put(name, MASK);
      }
    }
  }
}
