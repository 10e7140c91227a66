package io.cronwheel.api;

import io.vertx.core.json.JsonObject;

/**
 * Merges a PATCH body onto a job's writable fields, JSON-merge-patch style: a present field
 * replaces the stored one, and the nested {@code target} and {@code retry} objects merge field by
 * field (so {@code {"target": {"url": ...}}} keeps the method and headers). Read-only fields in the
 * body are ignored.
 */
final class JobPatch {
  private JobPatch() {}

  static JsonObject merge(JsonObject writable, JsonObject patch) {
    JsonObject merged = writable.copy();
    for (String field : patch.fieldNames()) {
      if (!JobValidator.WRITABLE.contains(field)) {
        continue;
      }
      Object value = patch.getValue(field);
      if ((field.equals("target") || field.equals("retry"))
          && value instanceof JsonObject nested
          && merged.getValue(field) instanceof JsonObject base) {
        JsonObject combined = base.copy();
        nested.forEach(e -> combined.put(e.getKey(), e.getValue()));
        merged.put(field, combined);
      } else {
        merged.put(field, value);
      }
    }
    return merged;
  }
}
