package io.cronwheel;

import io.cronwheel.auth.Tokens;
import io.cronwheel.config.AuthConfig;
import io.cronwheel.store.PgTokenStore;
import io.cronwheel.time.Clock;
import io.vertx.core.Future;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure someone can use the API once it opens: the operator's {@code CRONWHEEL_ADMIN_TOKEN} is
 * stored as an admin token; without one, the first engine to start on an empty token table mints an
 * admin token and prints it once. With authentication off it only warns, at every start.
 */
final class TokenBootstrap {
  private static final Logger log = LoggerFactory.getLogger(TokenBootstrap.class);

  private TokenBootstrap() {}

  static Future<Void> run(AuthConfig auth, PgTokenStore tokens, Clock clock) {
    if (!auth.enabled()) {
      log.warn(
          "CRONWHEEL_AUTH=off: the API is open to anyone who can reach this port, without a token;"
              + " use it for local experiments only");
      return Future.succeededFuture();
    }
    Instant now = clock.instant();
    if (auth.adminToken().isPresent()) {
      return tokens
          .putAdmin(AuthConfig.ENV_ADMIN_NAME, Tokens.hash(auth.adminToken().get()), now)
          .onSuccess(
              changed -> {
                if (changed) {
                  log.info(
                      "admin token '{}' set from CRONWHEEL_ADMIN_TOKEN", AuthConfig.ENV_ADMIN_NAME);
                }
              })
          .mapEmpty();
    }
    String token = Tokens.mint();
    return tokens
        .putFirstAdmin(AuthConfig.FIRST_ADMIN_NAME, Tokens.hash(token), now)
        .onSuccess(
            created -> {
              if (created) {
                // The one time this token is shown: only its hash is stored.
                log.warn(
                    "No API token existed, so an admin token named '{}' was created. It is shown"
                        + " only now: {} . Send it as 'Authorization: Bearer <token>'; mint"
                        + " read/write tokens with POST /api/v1/tokens, or set"
                        + " CRONWHEEL_ADMIN_TOKEN to provide your own.",
                    AuthConfig.FIRST_ADMIN_NAME,
                    token);
              }
            })
        .mapEmpty();
  }
}
