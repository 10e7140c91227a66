package io.cronwheel.api;

import io.cronwheel.auth.AccessRules;
import io.cronwheel.auth.Principal;
import io.cronwheel.auth.Role;
import io.cronwheel.auth.Tokens;
import io.cronwheel.store.PgTokenStore;
import io.cronwheel.time.Clock;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of every request: finds the role the request needs ({@link AccessRules}), looks
 * the bearer token up by its hash, and answers 401 (no or unknown token) or 403 (too small a role)
 * before any body is read. The token is looked up on every request, so a revoked token stops
 * working at once on every node. The principal is left on the context for the audit trail.
 */
final class Authentication implements Handler<RoutingContext> {
  private static final Logger log = LoggerFactory.getLogger(Authentication.class);
  private static final String PRINCIPAL = "cronwheel.principal";
  private static final String BEARER = "bearer ";

  /** {@code last_used_at} is written at most this often per token and node: it is a write. */
  static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

  private final boolean enabled;
  private final AccessRules rules;
  private final PgTokenStore tokens;
  private final Clock clock;
  private final Map<String, Long> lastTouched = new ConcurrentHashMap<>();

  Authentication(boolean enabled, AccessRules rules, PgTokenStore tokens, Clock clock) {
    this.enabled = enabled;
    this.rules = rules;
    this.tokens = tokens;
    this.clock = clock;
  }

  /** Who made the request ({@link Principal#ANONYMOUS} with authentication off). */
  static Principal principal(RoutingContext ctx) {
    Principal principal = ctx.get(PRINCIPAL);
    return principal == null ? Principal.ANONYMOUS : principal;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (!enabled) {
      ctx.next();
      return;
    }
    Optional<Role> needed = rules.required(ctx.request().method().name(), ctx.request().path());
    if (needed.isEmpty()) {
      ctx.next();
      return;
    }
    String token = bearerToken(ctx.request().getHeader("Authorization"));
    if (token == null) {
      refuse(ctx, "send a token as 'Authorization: Bearer <token>'");
      return;
    }
    // The lookup is asynchronous: hold the body back until the body handler is reached.
    boolean paused = !ctx.request().isEnded();
    if (paused) {
      ctx.request().pause();
    }
    tokens
        .authenticate(Tokens.hash(token))
        .onComplete(
            result -> {
              if (result.failed()) {
                ctx.fail(result.cause());
              } else if (result.result().isEmpty()) {
                refuse(ctx, "the token is not valid (unknown or revoked)");
              } else if (!result.result().get().role().includes(needed.get())) {
                Principal principal = result.result().get();
                ctx.fail(
                    new ApiError(
                        403,
                        "forbidden",
                        ctx.request().method()
                            + " "
                            + ctx.request().path()
                            + " needs the "
                            + needed.get().wireName()
                            + " role; token '"
                            + principal.name()
                            + "' has the "
                            + principal.role().wireName()
                            + " role",
                        null));
              } else {
                Principal principal = result.result().get();
                ctx.put(PRINCIPAL, principal);
                touch(principal.name());
                ctx.next();
              }
              if (paused) {
                ctx.request().resume();
              }
            });
  }

  private static String bearerToken(String header) {
    if (header == null || header.length() <= BEARER.length()) {
      return null;
    }
    if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return null;
    }
    String token = header.substring(BEARER.length()).trim();
    return token.isEmpty() ? null : token;
  }

  private static void refuse(RoutingContext ctx, String message) {
    ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"cronwheel\"");
    ctx.fail(new ApiError(401, "unauthorized", message, null));
  }

  private void touch(String name) {
    long now = clock.epochMillis();
    Long last = lastTouched.get(name);
    if (last != null && now - last < LAST_USED_RESOLUTION.toMillis()) {
      return;
    }
    lastTouched.put(name, now);
    tokens
        .touch(name, Instant.ofEpochMilli(now))
        .onFailure(error -> log.debug("could not record the use of token {}", name, error));
  }
}
