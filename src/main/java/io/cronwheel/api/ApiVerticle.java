package io.cronwheel.api;

import io.cronwheel.alert.PgAlertStore;
import io.cronwheel.auth.AccessRules;
import io.cronwheel.config.AuthConfig;
import io.cronwheel.model.TargetPolicy;
import io.cronwheel.store.JobAdmission;
import io.cronwheel.store.PgAuditStore;
import io.cronwheel.store.PgExecutionStore;
import io.cronwheel.store.PgJobStore;
import io.cronwheel.store.PgTokenStore;
import io.cronwheel.store.StoreException;
import io.cronwheel.time.Clock;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Serves the REST API, health and metrics on one HTTP port. */
public final class ApiVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(ApiVerticle.class);

  /** What the API needs from the engine. */
  public record Dependencies(
      Pool pool,
      PgJobStore jobs,
      JobAdmission admission,
      PgExecutionStore executions,
      PgAlertStore alerts,
      EngineControl engine,
      PrometheusMeterRegistry registry,
      Clock clock,
      Access access,
      TargetPolicy targetPolicy,
      Optional<ApiTls> tls) {}

  /** Who may call the API: the token store, the audit trail it writes, and the settings. */
  public record Access(PgTokenStore tokens, PgAuditStore audit, AuthConfig auth) {}

  /** PEM files of the API's certificate chain and private key: the API then speaks only HTTPS. */
  public record ApiTls(String certPath, String keyPath) {}

  private final Dependencies deps;
  private final String host;
  private final int port;
  private final int maxBodyBytes;
  private HttpServer server;
  private Router router;

  public ApiVerticle(Dependencies deps, String host, int port, int maxBodyBytes) {
    this.deps = deps;
    this.host = host;
    this.port = port;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** The body limit of {@code POST /jobs/bulk}: {@value #BULK_BODY_FACTOR} times the usual one. */
  static final int BULK_BODY_FACTOR = 128;

  private long bulkBodyLimit() {
    return (long) maxBodyBytes * BULK_BODY_FACTOR;
  }

  @Override
  public Future<?> start() {
    return ApiContract.load(vertx).compose(this::serve);
  }

  /** What this API answers, method and path (for the contract test). */
  List<Route> routes() {
    return router.getRoutes();
  }

  private Future<?> serve(ApiContract contract) {
    router = Router.router(vertx);
    Access access = deps.access();
    // First: a request without the role is refused before its body is read or validated.
    router
        .route()
        .handler(
            new Authentication(
                access.auth().enabled(),
                new AccessRules(access.auth().metricsNeedToken()),
                access.tokens(),
                deps.clock()));
    // A bulk create carries up to 1,000 jobs: its body may be BULK_BODY_FACTOR times the limit.
    BodyHandler body = BodyHandler.create(false).setBodyLimit(maxBodyBytes);
    BodyHandler bulkBody = BodyHandler.create(false).setBodyLimit(bulkBodyLimit());
    router
        .route("/api/*")
        .handler(
            ctx ->
                (ctx.request().path().equals(JobRoutes.BULK_PATH) ? bulkBody : body).handle(ctx));
    contract.mountValidation(router);
    JobRoutes jobRoutes =
        new JobRoutes(
            deps.jobs(),
            deps.admission(),
            deps.engine(),
            new TargetScreen(vertx, deps.targetPolicy()),
            deps.clock());
    jobRoutes.mount(router);
    new ExecutionRoutes(deps.executions(), jobRoutes, deps.engine(), deps.clock()).mount(router);
    new HealthRoutes(deps.pool(), deps.engine(), deps.admission()).mount(router);
    new ConfigRoutes(deps.engine(), deps.clock()).mount(router);
    new TokenRoutes(access.tokens(), access.auth().enabled(), deps.clock()).mount(router);
    new AuditRoutes(access.audit()).mount(router);
    new ClusterRoutes(deps.engine()).mount(router);
    router.get("/api/v1/alerts").handler(this::alerts);
    new ScheduleRoutes(deps.clock()).mount(router);
    new StatsRoutes(deps.jobs(), deps.engine()).mount(router);
    DashboardRoutes.mount(router);
    router.get("/metrics").handler(PrometheusScrapingHandler.create(deps.registry()));
    contract.mountDocs(router);
    router.route().failureHandler(this::onFailure);
    router.errorHandler(
        404, ctx -> send(ctx, ApiError.notFound("no such endpoint: " + ctx.request().path())));
    router.errorHandler(
        405,
        ctx ->
            send(
                ctx,
                new ApiError(
                    405,
                    "method_not_allowed",
                    ctx.request().method() + " is not allowed on " + ctx.request().path(),
                    null)));
    HttpServerOptions options = new HttpServerOptions().setCompressionSupported(true);
    deps.tls()
        .ifPresent(
            tls ->
                options
                    .setSsl(true)
                    .setKeyCertOptions(
                        new PemKeyCertOptions()
                            .setCertPath(tls.certPath())
                            .setKeyPath(tls.keyPath())));
    server = vertx.createHttpServer(options);
    return server.requestHandler(router).listen(port, host);
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  /** The actual port (useful when configured as 0). */
  public int actualPort() {
    return server.actualPort();
  }

  private void alerts(RoutingContext ctx) {
    int limit = Requests.intQuery(ctx, "limit", 50, 1, 1000);
    deps.alerts()
        .recent(limit)
        .onSuccess(
            alerts -> {
              JsonArray items = new JsonArray();
              alerts.forEach(alert -> items.add(alert.toJson()));
              Requests.json(ctx, 200, new JsonObject().put("items", items));
            })
        .onFailure(ctx::fail);
  }

  private void onFailure(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    ApiError error;
    if (failure instanceof ApiError apiError) {
      error = apiError;
    } else if (failure instanceof StoreException store) {
      error =
          switch (store.reason()) {
            case NOT_FOUND -> ApiError.notFound(store.getMessage());
            case DUPLICATE_NAME -> new ApiError(409, "duplicate_name", store.getMessage(), "name");
            case STALE_VERSION -> new ApiError(412, "stale_version", store.getMessage(), "version");
            case FENCED_OUT ->
                new ApiError(503, "partition_moved", store.getMessage() + "; retry", null);
          };
    } else if (ctx.statusCode() == 413) {
      error =
          new ApiError(
              413,
              "payload_too_large",
              "the request body exceeds "
                  + (ctx.request().path().equals(JobRoutes.BULK_PATH)
                      ? bulkBodyLimit()
                      : maxBodyBytes)
                  + " bytes",
              null);
    } else if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      error =
          new ApiError(ctx.statusCode(), "bad_request", "the request cannot be processed", null);
    } else {
      log.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
      error = new ApiError(500, "internal_error", "internal error; see the engine log", null);
    }
    send(ctx, error);
  }

  private static void send(RoutingContext ctx, ApiError error) {
    if (!ctx.response().ended()) {
      Requests.json(ctx, error.status(), error.toJson());
    }
  }
}
