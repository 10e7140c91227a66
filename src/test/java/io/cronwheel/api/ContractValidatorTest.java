package io.cronwheel.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.support.Api;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.openapi.contract.Operation;
import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The contract's request checks over real HTTP, on a router that has them in front of a stand-in
 * for every operation (which answers 200 with the body it was handed): what each violation is
 * answered with, and that what the contract allows gets through. The real routes and the hand
 * validators behind them are the ITs' (JobApiIT, BadInputIT, OpenApiRoutesIT).
 */
class ContractValidatorTest {
  private static Vertx vertx;
  private static HttpServer server;
  private static Api api;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    ApiContract contract = ApiContract.load(vertx).await();
    Router router = Router.router(vertx);
    router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(64 * 1024));
    contract.mountValidation(router);
    for (Operation operation : contract.contract().operations()) {
      String path = operation.getOpenAPIPath().replaceAll("\\{([^}]+)}", ":$1");
      router
          .route(operation.getHttpMethod(), path)
          .handler(
              ctx ->
                  Requests.json(
                      ctx,
                      200,
                      new JsonObject()
                          .put("operation", operation.getOperationId())
                          .put("validated", ctx.<Object>get(ContractValidator.VALIDATED_BODY))));
    }
    router
        .route()
        .failureHandler(
            ctx -> {
              ApiError error =
                  ctx.failure() instanceof ApiError e
                      ? e
                      : new ApiError(500, "internal_error", String.valueOf(ctx.failure()), null);
              Requests.json(ctx, error.status(), error.toJson());
            });
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    api = new Api(server.actualPort());
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private static JsonObject validJob() {
    return new JsonObject()
        .put("name", "nightly")
        .put("schedule", "0 0 3 * * *")
        .put("target", new JsonObject().put("url", "http://127.0.0.1:9/hook"));
  }

  private static JsonObject error(Api.Response response) {
    return response.json().getJsonObject("error");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "below the minimum|/api/v1/jobs?limit=0|limit|limit must be an integer from 1 to 1000",
        "above the maximum|/api/v1/jobs?limit=1001|limit|limit must be an integer from 1 to 1000",
        "not a number|/api/v1/jobs?limit=ten|limit|limit must be an integer from 1 to 1000",
        "a fraction|/api/v1/alerts?limit=1.5|limit|limit must be an integer from 1 to 1000",
        "not a boolean|/api/v1/jobs?active=maybe|active|active must be true or false",
        "deleted not a boolean|/api/v1/jobs?deleted=1|deleted|deleted must be true or false",
        "count out of range|/api/v1/jobs/01a2066b-8bc6-7202-bfeb-53cbf78f9978/schedule?count=0"
            + "|count|count must be an integer from 1 to 1000",
        "unknown status|/api/v1/executions?status=LOST|status"
            + "|status must be one of CLAIMED, RUNNING, SUCCEEDED, FAILED, SKIPPED, MISSED",
      })
  void aBadQueryParameterIsA400NamingIt(String label, String path, String field, String message) {
    Api.Response response = api.get(path);

    assertThat(response.status()).as(response.body()).isEqualTo(400);
    assertThat(error(response).getString("code")).isEqualTo("bad_request");
    assertThat(error(response).getString("field")).isEqualTo(field);
    assertThat(error(response).getString("message")).isEqualTo(message);
  }

  @ParameterizedTest
  @CsvSource({
    "/api/v1/jobs?limit=1000&active=false&deleted=true&name=a%22b, listJobs",
    "/api/v1/jobs?limit=, listJobs",
    "/api/v1/executions?status=FAILED&cursor=abc, listExecutions",
    "/api/v1/jobs/01a2066b-8bc6-7202-bfeb-53cbf78f9978/executions?limit=7, listJobExecutions",
  })
  void whatTheContractAllowsGetsThrough(String path, String operation) {
    Api.Response response = api.get(path);

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(response.json().getString("operation")).isEqualTo(operation);
  }

  @Test
  void aPathParameterThatIsNotAnIdIsA404() {
    Api.Response response = api.get("/api/v1/jobs/not-a-uuid");

    assertThat(response.status()).as(response.body()).isEqualTo(404);
    assertThat(error(response).getString("code")).isEqualTo("not_found");
    assertThat(error(response).getString("message"))
        .isEqualTo("nothing at /api/v1/jobs/not-a-uuid: id must be a uuid string");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "missing name|{\"name\": null}|name|name must be a string of 1 to 200 characters",
        "name not a string|{\"name\": 7}|name|name must be a string of 1 to 200 characters",
        "empty name|{\"name\": \"\"}|name|name must be a string of 1 to 200 characters",
        "unknown field|{\"colour\": \"blue\"}|colour|unknown field 'colour'",
        "negative timeout|{\"timeoutMs\": -1}|timeoutMs|timeoutMs must be an integer from 1 to 300000",
        "timeout not a number|{\"timeoutMs\": \"10s\"}|timeoutMs"
            + "|timeoutMs must be an integer from 1 to 300000",
        "bad type|{\"executionType\": \"EXACTLY_ONCE\"}|executionType"
            + "|executionType must be one of AT_LEAST_ONCE, AT_MOST_ONCE",
        "bad retry|{\"retry\": {\"maxAttempts\": 0}}|retry.maxAttempts"
            + "|retry.maxAttempts must be an integer from 1 to 100",
        "unknown retry field|{\"retry\": {\"tries\": 2}}|retry.tries|unknown field 'retry.tries'",
        "retry not an object|{\"retry\": 3}|retry|retry must be an object",
        "multiplier below 1|{\"retry\": {\"multiplier\": 0.5}}|retry.multiplier"
            + "|retry.multiplier must be a number from 1 to 100",
        "target without url|{\"target\": {\"method\": \"GET\"}}|target.url|target.url is required",
        "header value not a string|{\"target\": {\"url\": \"http://a\", \"headers\": {\"X-N\": 1}}}"
            + "|target.headers.X-N|target.headers.X-N must be a string",
        "webhook not a string|{\"alertWebhook\": 5}|alertWebhook|alertWebhook must be a string or null",
        "active not a boolean|{\"active\": \"yes\"}|active|active must be true or false",
      })
  void aBadBodyFieldIsA422NamingItsPath(
      String label, String override, String field, String message) {
    JsonObject body = validJob();
    new JsonObject(override).forEach(e -> body.put(e.getKey(), e.getValue()));

    Api.Response response = api.post("/api/v1/jobs", body.encode());

    assertThat(response.status()).as(response.body()).isEqualTo(422);
    assertThat(error(response).getString("code")).isEqualTo("validation_failed");
    assertThat(error(response).getString("field")).isEqualTo(field);
    assertThat(error(response).getString("message")).isEqualTo(message);
  }

  @Test
  void aMissingRequiredFieldIsNamed() {
    JsonObject body = validJob();
    body.remove("schedule");

    Api.Response response = api.post("/api/v1/jobs", body.encode());

    assertThat(response.status()).as(response.body()).isEqualTo(422);
    assertThat(error(response).getString("field")).isEqualTo("schedule");
    assertThat(error(response).getString("message")).isEqualTo("schedule is required");
  }

  @Test
  void aValidBodyReachesTheRouteParsed() {
    JsonObject body =
        validJob().put("retry", new JsonObject().put("maxAttempts", 5)).put("alertWebhook", null);

    Api.Response response = api.post("/api/v1/jobs", body.encode());

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(response.json().getJsonObject("validated")).isEqualTo(body);
  }

  @Test
  void aPatchMayCarryTheReadOnlyFieldsOfAGet() {
    JsonObject body =
        validJob()
            .put("id", "01a2066b-8bc6-7202-bfeb-53cbf78f9978")
            .put("version", 3)
            .put("nextFireTime", null)
            .put("schedulable", true);

    Api.Response response =
        api.patch("/api/v1/jobs/01a2066b-8bc6-7202-bfeb-53cbf78f9978", body.encode());

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(response.json().getString("operation")).isEqualTo("updateJob");
  }

  @Test
  void aStaleVersionTypeInAPatchIsA422() {
    Api.Response response =
        api.patch("/api/v1/jobs/01a2066b-8bc6-7202-bfeb-53cbf78f9978", "{\"version\": 0}");

    assertThat(response.status()).as(response.body()).isEqualTo(422);
    assertThat(error(response).getString("field")).isEqualTo("version");
  }

  @Test
  void aBodyNotSentAsJsonIsA415() {
    Api.Response response =
        api.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.actualPort() + "/api/v1/jobs"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(validJob().encode())));

    assertThat(response.status()).as(response.body()).isEqualTo(415);
    assertThat(error(response).getString("code")).isEqualTo("unsupported_media_type");
  }

  @Test
  void aJsonContentTypeWithACharsetAndAnyCaseIsJson() {
    Api.Response response =
        api.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.actualPort() + "/api/v1/jobs"))
                .header("Content-Type", "Application/JSON; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(validJob().encode())));

    assertThat(response.status()).as(response.body()).isEqualTo(200);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"name\": |malformed_json",
        "'   '|bad_request",
        "[]|bad_request",
        "\"a job\"|bad_request",
      })
  void aBodyThatIsNotAJsonObjectIsA400(String body, String code) {
    Api.Response response = api.post("/api/v1/jobs", body);

    assertThat(response.status()).as(response.body()).isEqualTo(400);
    assertThat(error(response).getString("code")).isEqualTo(code);
    assertThat(error(response).getValue("field")).isNull();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{}|jobs",
        "{\"jobs\": {}}|jobs",
        "{\"jobs\": []}|jobs",
        "{\"jobs\": [{}], \"extra\": 1}|extra",
      })
  void aMalformedBulkEnvelopeIsA400(String body, String field) {
    Api.Response response = api.post("/api/v1/jobs/bulk", body);

    assertThat(response.status()).as(response.body()).isEqualTo(400);
    assertThat(error(response).getString("code")).isEqualTo("bad_request");
    assertThat(error(response).getString("field")).isEqualTo(field);
  }

  @Test
  void bulkItemsAreLeftToTheCreateRulesOneByOne() {
    Api.Response response =
        api.post("/api/v1/jobs/bulk", "{\"jobs\": [\"not an object\", {\"colour\": 1}]}");

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(response.json().getString("operation")).isEqualTo("createJobs");
  }

  @Test
  void aConcurrencyCapOutOfRangeIsA422() {
    Api.Response response = api.put("/api/v1/config", "{\"maxInFlight\": 0}");

    assertThat(response.status()).as(response.body()).isEqualTo(422);
    assertThat(error(response).getString("field")).isEqualTo("maxInFlight");
    assertThat(error(response).getString("message"))
        .isEqualTo("maxInFlight must be an integer from 1 to 10000000");
  }

  @Test
  void pathsOutsideTheContractAreLeftToTheRouter() {
    Api.Response response = api.get("/api/v1/nothing-here?limit=0");

    assertThat(response.status()).as(response.body()).isEqualTo(404);
  }
}
