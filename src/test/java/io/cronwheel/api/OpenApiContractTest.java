package io.cronwheel.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.OpenAPIContractException;
import io.vertx.openapi.contract.OpenAPIVersion;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lints the OpenAPI document: it parses and validates as OpenAPI 3.1 (vertx-openapi checks it
 * against the 3.1 schema and resolves every {@code $ref}, and refuses it otherwise, as the broken
 * copies below show), every operation has an id, a summary and a tag, every request body and every
 * 2xx answer with content has an example that matches its own schema, and the security matches the
 * auth contract (open endpoints say so, every other answers 401).
 */
class OpenApiContractTest {
  private static final Set<String> HTTP_METHODS =
      Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

  /** The operations open without a token; {@code /metrics} is open unless configured not to be. */
  private static final Set<String> OPEN =
      Set.of("health", "healthReady", "healthLive", "openApiDocument", "docs");

  private static final String OPTIONALLY_OPEN = "metrics";

  private static Vertx vertx;
  private static OpenAPIContract contract;
  private static JsonObject document;

  @BeforeAll
  static void load() {
    vertx = Vertx.vertx();
    contract = ApiContract.load(vertx).await().contract();
    document = contract.getRawContract();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  /** Each operation of the document: {@code (path, method, operation object)}. */
  private record Op(String path, String method, JsonObject model) {
    String name() {
      return method.toUpperCase(java.util.Locale.ROOT) + " " + path;
    }
  }

  private static List<Op> operations() {
    List<Op> ops = new ArrayList<>();
    JsonObject paths = document.getJsonObject("paths");
    for (String path : names(paths)) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (HTTP_METHODS.contains(method)) {
          ops.add(new Op(path, method, item.getJsonObject(method)));
        }
      }
    }
    return ops;
  }

  @Test
  void theDocumentIsAValidOpenApi31Contract() {
    assertThat(contract.getVersion()).isEqualTo(OpenAPIVersion.V3_1);
    assertThat(document.getString("openapi")).isEqualTo("3.1.0");
    assertThat(contract.operations()).hasSize(operations().size());
  }

  @Test
  void aDocumentWithAnUnresolvedRefOrAnUnknownFieldIsRefused(@TempDir Path dir) throws IOException {
    String text = classpathDocument();
    Path badRef = dir.resolve("bad-ref.yaml");
    Files.writeString(
        badRef, text.replace("#/components/schemas/NextCursor", "#/components/schemas/Nothing"));
    Path badField = dir.resolve("bad-field.yaml");
    Files.writeString(
        badField, text.replace("      summary: Create a job", "      summry: Create a job"));

    assertThat(catchThrowable(() -> OpenAPIContract.from(vertx, badRef.toString()).await()))
        .isInstanceOf(OpenAPIContractException.class);
    assertThat(catchThrowable(() -> OpenAPIContract.from(vertx, badField.toString()).await()))
        .isInstanceOf(OpenAPIContractException.class);
  }

  @Test
  void everyOperationHasAUniqueIdASummaryAndATag() {
    List<String> problems = new ArrayList<>();
    Set<String> ids = new TreeSet<>();
    for (Op op : operations()) {
      String id = op.model().getString("operationId");
      if (id == null || !ids.add(id)) {
        problems.add(op.name() + ": no operationId, or one used twice");
      }
      if (op.model().getString("summary", "").isBlank()) {
        problems.add(op.name() + ": no summary");
      }
      if (op.model().getJsonArray("tags", new JsonArray()).isEmpty()) {
        problems.add(op.name() + ": no tag");
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void everyRequestBodyAndSuccessfulAnswerHasExamplesThatMatchTheirSchema() {
    List<String> problems = new ArrayList<>();
    int checked = 0;
    for (Operation op : contract.operations()) {
      String name = op.getHttpMethod() + " " + op.getOpenAPIPath();
      if (op.getRequestBody() != null) {
        checked += checkExamples(name + " request", op.getRequestBody().getContent(), problems);
      }
      JsonObject responses = op.getOpenAPIModel().getJsonObject("responses");
      for (String status : names(responses)) {
        if (status.startsWith("2")) {
          Response response = op.getResponse(Integer.parseInt(status));
          checked += checkExamples(name + " " + status, response.getContent(), problems);
        }
      }
    }
    assertThat(problems).isEmpty();
    assertThat(checked).as("examples checked").isGreaterThanOrEqualTo(25);
  }

  /** Every media type has examples, each valid against the media type's schema. */
  private static int checkExamples(
      String where, Map<String, MediaType> content, List<String> problems) {
    int checked = 0;
    for (Map.Entry<String, MediaType> media : content.entrySet()) {
      JsonObject model = media.getValue().getOpenAPIModel();
      List<Object> values = new ArrayList<>();
      if (model.containsKey("example")) {
        values.add(plain(model.getValue("example")));
      }
      JsonObject examples = model.getJsonObject("examples", new JsonObject());
      for (String name : names(examples)) {
        values.add(plain(examples.getJsonObject(name).getValue("value")));
      }
      if (values.isEmpty()) {
        problems.add(where + " " + media.getKey() + ": no example");
      }
      Validator validator = contract.getSchemaRepository().validator(media.getValue().getSchema());
      for (Object value : values) {
        OutputUnit result = validator.validate(value);
        if (!result.getValid()) {
          problems.add(where + " " + media.getKey() + ": an example does not match: " + result);
        }
        checked++;
      }
    }
    return checked;
  }

  @Test
  void theOpenEndpointsSaySoAndEveryOtherAnswers401() {
    JsonObject scheme =
        document
            .getJsonObject("components")
            .getJsonObject("securitySchemes")
            .getJsonObject("bearerAuth");
    assertThat(scheme.getString("type")).isEqualTo("http");
    assertThat(scheme.getString("scheme")).isEqualTo("bearer");
    assertThat(document.getJsonArray("security").getJsonObject(0).containsKey("bearerAuth"))
        .isTrue();
    List<String> problems = new ArrayList<>();
    for (Op op : operations()) {
      String id = op.model().getString("operationId");
      boolean declaredOpen =
          op.model().containsKey("security") && op.model().getJsonArray("security").isEmpty();
      boolean answers401 = op.model().getJsonObject("responses").containsKey("401");
      if (OPEN.contains(id) != declaredOpen) {
        problems.add(op.name() + ": security: [] is for exactly " + OPEN);
      }
      if (!OPEN.contains(id) && !answers401) {
        problems.add(op.name() + ": needs a token but does not document 401");
      }
    }
    JsonObject metrics = document.getJsonObject("paths").getJsonObject("/metrics");
    assertThat(metrics.getJsonObject("get").getString("operationId")).isEqualTo(OPTIONALLY_OPEN);
    assertThat(metrics.getJsonObject("get").getJsonArray("security").getJsonObject(0).isEmpty())
        .as("/metrics may be called without a token")
        .isTrue();
    assertThat(problems).isEmpty();
  }

  /** A value of the resolved document as plain JSON, without the resolver's annotations. */
  private static Object plain(Object value) {
    if (value instanceof JsonObject object) {
      JsonObject copy = new JsonObject();
      names(object).forEach(name -> copy.put(name, plain(object.getValue(name))));
      return copy;
    }
    if (value instanceof JsonArray array) {
      JsonArray copy = new JsonArray();
      array.forEach(item -> copy.add(plain(item)));
      return copy;
    }
    return value;
  }

  /** The keys of a resolved object, without the resolver's own ({@code __absolute_uri__}). */
  private static List<String> names(JsonObject resolved) {
    return resolved.fieldNames().stream().filter(name -> !name.startsWith("__")).toList();
  }

  static String classpathDocument() throws IOException {
    try (InputStream in =
        OpenApiContractTest.class.getClassLoader().getResourceAsStream(ApiContract.DOCUMENT)) {
      assertThat(in).as(ApiContract.DOCUMENT + " on the classpath").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
