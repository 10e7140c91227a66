package io.cronwheel.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.Engine;
import io.cronwheel.support.Api;
import io.cronwheel.support.EngineFixture;
import io.cronwheel.support.PostgresFixture;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract and the server agree, against a real engine and PostgreSQL: every route the API's
 * router serves is an operation of the document, every operation of the document is answered (a
 * request to it does not end in the router's "no such endpoint" 404 or its 405), its request
 * examples pass the server's own checks, and the document and its docs page are served.
 */
class OpenApiRoutesIT {
  /** Routes that serve files rather than operations: Swagger UI's and the dashboard's. */
  private static final Set<String> STATIC_FILES =
      Set.of("GET /docs/*", "GET /", "GET /assets/*", "GET /webjars/*");

  private static Vertx vertx;
  private static OpenAPIContract contract;
  private static Engine engine;
  private static Api api;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    contract = ApiContract.load(vertx).await().contract();
    engine = EngineFixture.start(PostgresFixture.get().newDatabase());
    api = new Api(engine.port());
  }

  @AfterAll
  static void stop() {
    engine.stop().await();
    vertx.close().await();
  }

  private static String key(HttpMethod method, String path) {
    return method.name() + " " + path;
  }

  private static Set<String> documented() {
    Set<String> operations = new TreeSet<>();
    for (Operation op : contract.operations()) {
      operations.add(key(op.getHttpMethod(), op.getOpenAPIPath()));
    }
    return operations;
  }

  /** The router's routes with a method and a path, written as the document writes paths. */
  private static Set<String> served() {
    Set<String> routes = new TreeSet<>();
    for (Route route : engine.api().routes()) {
      if (route.methods() == null || route.methods().isEmpty() || route.getPath() == null) {
        continue; // body handlers, the contract's checks, the failure handler: not operations
      }
      String path = route.getPath().replaceAll(":([A-Za-z0-9_]+)", "{$1}");
      if (!route.isExactPath()) {
        path = (path.endsWith("/") ? path : path + "/") + "*";
      }
      for (HttpMethod method : route.methods()) {
        routes.add(key(method, path));
      }
    }
    return routes;
  }

  @Test
  void everyServedRouteIsDocumented() {
    Set<String> undocumented = new TreeSet<>(served());
    undocumented.removeAll(documented());
    undocumented.removeAll(STATIC_FILES);

    assertThat(undocumented).as("routes the server answers that the document lacks").isEmpty();
    assertThat(served()).as("the router's routes were read").contains("POST /api/v1/jobs");
  }

  @Test
  void everyDocumentedOperationIsServed() {
    Set<String> notRouted = new TreeSet<>(documented());
    notRouted.removeAll(served());

    assertThat(notRouted).as("documented operations the router has no route for").isEmpty();
  }

  /**
   * A request to each operation, with its first request example as the body and a fresh id in the
   * path: answered by a handler, and never refused by the checks the example should pass.
   */
  @Test
  void everyDocumentedOperationIsAnsweredAndItsRequestExamplePasses() {
    List<String> unanswered = new ArrayList<>();
    List<String> exampleRefused = new ArrayList<>();
    for (Operation op : contract.operations()) {
      String name = key(op.getHttpMethod(), op.getOpenAPIPath());
      Api.Response response = send(op);
      boolean answered = !isNoSuchEndpoint(response);
      if (!answered) {
        unanswered.add(name + " -> " + response.status() + " " + response.body());
      } else if (Set.of(400, 415, 422).contains(response.status())) {
        exampleRefused.add(name + " -> " + response.status() + " " + response.body());
      }
    }

    assertThat(unanswered).as("documented but not answered").isEmpty();
    assertThat(exampleRefused).as("request examples the server refuses").isEmpty();
  }

  private static boolean isNoSuchEndpoint(Api.Response response) {
    if (response.status() == 405) {
      return true;
    }
    return response.status() == 404 && response.body().contains("\"message\":\"no such endpoint");
  }

  private static Api.Response send(Operation op) {
    StringBuilder path =
        new StringBuilder(
            op.getOpenAPIPath()
                .replace("{id}", UUID.randomUUID().toString())
                .replace("{name}", "no-such-" + UUID.randomUUID()));
    // Required query parameters are sent with their documented example.
    char separator = '?';
    for (Parameter parameter : op.getParameters()) {
      if (parameter.getIn() == Location.QUERY && parameter.isRequired()) {
        Object example = parameter.getOpenAPIModel().getValue("example");
        path.append(separator)
            .append(parameter.getName())
            .append('=')
            .append(URLEncoder.encode(String.valueOf(example), StandardCharsets.UTF_8));
        separator = '&';
      }
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + engine.port() + path));
    Object example = op.getRequestBody() == null ? null : firstExample(op);
    if (example == null) {
      request.method(op.getHttpMethod().name(), HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(
              op.getHttpMethod().name(), HttpRequest.BodyPublishers.ofString(Json.encode(example)));
    }
    return api.send(request);
  }

  private static Object firstExample(Operation op) {
    MediaType media = op.getRequestBody().getContent().get("application/json");
    JsonObject examples = media.getOpenAPIModel().getJsonObject("examples");
    for (String name : examples.fieldNames()) {
      if (!name.startsWith("__")) {
        return plain(examples.getJsonObject(name).getValue("value"));
      }
    }
    return null;
  }

  /** A value of the resolved document as plain JSON, without the resolver's annotations. */
  private static Object plain(Object value) {
    if (value instanceof JsonObject object) {
      JsonObject copy = new JsonObject();
      for (String name : object.fieldNames()) {
        if (!name.startsWith("__")) {
          copy.put(name, plain(object.getValue(name)));
        }
      }
      return copy;
    }
    if (value instanceof io.vertx.core.json.JsonArray array) {
      io.vertx.core.json.JsonArray copy = new io.vertx.core.json.JsonArray();
      array.forEach(item -> copy.add(plain(item)));
      return copy;
    }
    return value;
  }

  @Test
  void theDocumentAndItsDocsPageAreServedFromTheJar() throws IOException {
    Api.Response document = api.get("/openapi.yaml");
    assertThat(document.status()).isEqualTo(200);
    assertThat(document.header("Content-Type")).isEqualTo("application/yaml");
    assertThat(document.body()).isEqualTo(OpenApiContractTest.classpathDocument());

    Api.Response page = api.get("/docs");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Type")).startsWith("text/html");
    assertThat(page.body()).contains("url: \"/openapi.yaml\"", "/docs/swagger-ui-bundle.js");

    for (String asset : List.of("/docs/swagger-ui-bundle.js", "/docs/swagger-ui.css")) {
      Api.Response file = api.get(asset);
      assertThat(file.status()).as(asset).isEqualTo(200);
      assertThat(file.body()).as(asset).hasSizeGreaterThan(1000);
    }
  }
}
