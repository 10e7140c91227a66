package io.cronwheel.api;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The web dashboard: {@code /} is its page, {@code /assets/*} its modules and style sheet (from
 * {@code webroot/} in the jar), {@code /webjars/*} the chart library's webjar. Plain files, no
 * build step, nothing from another origin; open without a token (the page asks for one and sends it
 * with every API call).
 */
final class DashboardRoutes {
  static final String INDEX = "webroot/index.html";

  /**
   * The modules' names carry no version: a browser re-checks them after a minute, so a new engine's
   * dashboard is seen soon after an upgrade. The webjar's path carries its version, so its default
   * day holds.
   */
  static final long ASSETS_MAX_AGE_SECONDS = 60;

  /**
   * Scripts, styles and data only from this server, and never inside another site's frame: even a
   * job name that slipped into the page as markup could not run.
   */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none';"
          + " frame-ancestors 'none'";

  private DashboardRoutes() {}

  static void mount(Router router) {
    router.get("/").handler(DashboardRoutes::index);
    router
        .get("/assets/*")
        .handler(DashboardRoutes::secured)
        .handler(StaticHandler.create("webroot/assets").setMaxAgeSeconds(ASSETS_MAX_AGE_SECONDS));
    router
        .get("/webjars/*")
        .handler(DashboardRoutes::secured)
        .handler(StaticHandler.create("META-INF/resources/webjars"));
  }

  private static void index(RoutingContext ctx) {
    headers(ctx);
    ctx.response()
        .putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        .sendFile(INDEX)
        .onFailure(ctx::fail);
  }

  private static void secured(RoutingContext ctx) {
    headers(ctx);
    ctx.next();
  }

  private static void headers(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer");
  }
}
