package io.cronwheel.api;

import io.cronwheel.auth.Principal;
import io.cronwheel.auth.Role;
import io.cronwheel.auth.Tokens;
import io.cronwheel.store.PgTokenStore;
import io.cronwheel.time.Clock;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1/tokens} (admin): mint, list and revoke API tokens; and {@code /api/v1/whoami},
 * which tells a caller its own token's name and role. A token is shown once, in the answer that
 * mints it, and never logged.
 */
final class TokenRoutes {
  private static final Logger log = LoggerFactory.getLogger(TokenRoutes.class);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");
  private static final Set<String> FIELDS = Set.of("name", "role");

  private final PgTokenStore tokens;
  private final boolean authEnabled;
  private final Clock clock;

  TokenRoutes(PgTokenStore tokens, boolean authEnabled, Clock clock) {
    this.tokens = tokens;
    this.authEnabled = authEnabled;
    this.clock = clock;
  }

  void mount(Router router) {
    router.get("/api/v1/whoami").handler(this::whoami);
    router.post("/api/v1/tokens").handler(this::create);
    router.get("/api/v1/tokens").handler(this::list);
    router.delete("/api/v1/tokens/:name").handler(this::revoke);
  }

  private void whoami(RoutingContext ctx) {
    Principal who = Authentication.principal(ctx);
    Requests.json(
        ctx,
        200,
        new JsonObject()
            .put("name", who.name())
            .put("role", who.role().wireName())
            .put("authEnabled", authEnabled));
  }

  private void create(RoutingContext ctx) {
    JsonObject body = Requests.jsonBody(ctx);
    for (String field : body.fieldNames()) {
      if (!FIELDS.contains(field)) {
        throw ApiError.invalid(field, "unknown field '" + field + "'");
      }
    }
    String name = name(body.getValue("name"));
    Role role = role(body.getValue("role"));
    Principal who = Authentication.principal(ctx);
    Instant now = clock.instant();
    String token = Tokens.mint();
    tokens
        .create(
            name,
            role,
            Tokens.hash(token),
            now,
            AuditLines.tokenCreated(who, now, name, role.wireName()))
        .onSuccess(
            stored -> {
              log.info("token '{}' ({}) created by '{}'", name, role.wireName(), who.name());
              ctx.response().putHeader("Cache-Control", "no-store");
              Requests.json(
                  ctx,
                  201,
                  new JsonObject()
                      .put("name", stored.name())
                      .put("role", stored.role().wireName())
                      .put("token", token)
                      .put("createdAt", stored.createdAt().toString()));
            })
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    tokens
        .list()
        .onSuccess(
            all -> {
              JsonArray items = new JsonArray();
              for (PgTokenStore.StoredToken token : all) {
                items.add(
                    new JsonObject()
                        .put("name", token.name())
                        .put("role", token.role().wireName())
                        .put("createdAt", token.createdAt().toString())
                        .put(
                            "lastUsedAt",
                            token.lastUsedAt() == null ? null : token.lastUsedAt().toString()));
              }
              Requests.json(ctx, 200, new JsonObject().put("items", items));
            })
        .onFailure(ctx::fail);
  }

  private void revoke(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    Principal who = Authentication.principal(ctx);
    Instant now = clock.instant();
    tokens
        .delete(name, now, AuditLines.tokenRevoked(who, now, name))
        .onSuccess(
            v -> {
              log.info("token '{}' revoked by '{}'", name, who.name());
              ctx.response().setStatusCode(204).end();
            })
        .onFailure(ctx::fail);
  }

  private static String name(Object value) {
    if (!(value instanceof String name) || !NAME.matcher(name).matches()) {
      throw ApiError.invalid("name", "name is required: 1 to 100 letters, digits, '.', '_' or '-'");
    }
    return name;
  }

  private static Role role(Object value) {
    return (value instanceof String text ? Role.fromWireName(text) : Optional.<Role>empty())
        .orElseThrow(() -> ApiError.invalid("role", "role must be one of read, write, admin"));
  }
}
