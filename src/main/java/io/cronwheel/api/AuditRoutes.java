package io.cronwheel.api;

import io.cronwheel.model.AuditEntry;
import io.cronwheel.store.PgAuditStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/v1/audit} (admin): who changed which job, setting or token, newest first; {@code
 * subject} narrows it to one ({@code job:<id>}, {@code config}, {@code token:<name>}).
 */
final class AuditRoutes {
  private final PgAuditStore audit;

  AuditRoutes(PgAuditStore audit) {
    this.audit = audit;
  }

  void mount(Router router) {
    router.get("/api/v1/audit").handler(this::page);
  }

  private void page(RoutingContext ctx) {
    int limit = Requests.intQuery(ctx, "limit", 50, 1, 1000);
    String cursor = Requests.decodeCursor(ctx, "cursor");
    Long before = null;
    if (cursor != null) {
      try {
        before = Long.parseLong(cursor);
      } catch (NumberFormatException e) {
        throw ApiError.badRequest("cursor", "cursor is not a cursor this API returned");
      }
    }
    String subject = ctx.request().getParam("subject");
    audit
        .page(limit, before, subject == null || subject.isEmpty() ? null : subject)
        .onSuccess(
            page -> {
              JsonArray items = new JsonArray();
              for (PgAuditStore.Line line : page.items()) {
                AuditEntry entry = line.entry();
                items.add(
                    new JsonObject()
                        .put("id", line.id())
                        .put("at", entry.at().toString())
                        .put("actor", entry.actor())
                        .put("action", entry.action())
                        .put("subject", entry.subject())
                        .put("changes", new JsonObject(entry.changes())));
              }
              String next =
                  page.nextBefore() == null
                      ? null
                      : Requests.encodeCursor(page.nextBefore().toString());
              Requests.json(ctx, 200, new JsonObject().put("items", items).put("next", next));
            })
        .onFailure(ctx::fail);
  }
}
