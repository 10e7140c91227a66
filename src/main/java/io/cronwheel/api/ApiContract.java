package io.cronwheel.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.openapi.contract.OpenAPIContract;

/**
 * The API's OpenAPI document ({@value #DOCUMENT} on the classpath), the one source of truth of the
 * API: loaded once at start-up, it validates every request ({@link ContractValidator}) and is
 * served as {@code /openapi.yaml} with a Swagger UI page at {@code /docs}, both from the jar (the
 * machines may be offline).
 */
final class ApiContract {
  static final String DOCUMENT = "openapi/openapi.yaml";
  private static final String DOCS_PAGE = "openapi/docs.html";

  /** The Swagger UI webjar's files; its version is the one the pom names. */
  static final String SWAGGER_UI = "META-INF/resources/webjars/swagger-ui/5.35.0";

  private final OpenAPIContract contract;
  private final Buffer document;
  private final Buffer docsPage;

  private ApiContract(OpenAPIContract contract, Buffer document, Buffer docsPage) {
    this.contract = contract;
    this.document = document;
    this.docsPage = docsPage;
  }

  /** Reads and checks the document; fails (and the API does not start) if it is not valid. */
  static Future<ApiContract> load(Vertx vertx) {
    Future<OpenAPIContract> contract = OpenAPIContract.from(vertx, DOCUMENT);
    Future<Buffer> document = vertx.fileSystem().readFile(DOCUMENT);
    Future<Buffer> page = vertx.fileSystem().readFile(DOCS_PAGE);
    return Future.all(contract, document, page)
        .map(all -> new ApiContract(contract.result(), document.result(), page.result()));
  }

  OpenAPIContract contract() {
    return contract;
  }

  /**
   * Validates each request against its operation: mounted after the body handlers (so an oversized
   * body is still a 413) and before the routes, which get a checked request.
   */
  void mountValidation(Router router) {
    router.route().handler(new ContractValidator(contract));
  }

  /** {@code GET /openapi.yaml}, {@code GET /docs} and the Swagger UI files under {@code /docs/}. */
  void mountDocs(Router router) {
    router.get("/openapi.yaml").handler(ctx -> send(ctx, "application/yaml", document));
    router.get("/docs").handler(ctx -> send(ctx, "text/html; charset=utf-8", docsPage));
    router.get("/docs/*").handler(StaticHandler.create(SWAGGER_UI));
  }

  private static void send(RoutingContext ctx, String type, Buffer body) {
    ctx.response().putHeader("Content-Type", type).end(body);
  }
}
