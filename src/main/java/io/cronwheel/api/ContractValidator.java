package io.cronwheel.api;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.RequestBody;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks each request against its operation in the contract before a route sees it: path, query and
 * header parameters (types, ranges, enums), the body's content type, its JSON syntax and its
 * structure (types, required and unknown fields, ranges). A violation fails the request with the
 * project's error shape: a path parameter that names nothing 404, another bad parameter 400 naming
 * it, a body not sent as JSON 415, malformed JSON 400, a body field 422 naming its dotted path.
 * What a schema cannot say (a cron expression, a URL's scheme, header rules) stays with the
 * handlers' validators.
 *
 * <p>Runs on the event loop: the schemas are compiled once here, and validating a job's JSON is CPU
 * work of a few microseconds, cheaper than the hop to a worker thread that vertx-openapi's {@code
 * RequestValidator} takes per request. The parsed body is handed to the route ({@link
 * #VALIDATED_BODY}), so it is parsed once.
 */
final class ContractValidator implements Handler<RoutingContext> {
  /** The routing context key under which the validated JSON body is handed to the route. */
  static final String VALIDATED_BODY = "cronwheel.validatedBody";

  /** An operation's extension naming the status of a body violation (its envelope is all 400). */
  static final String INVALID_BODY_STATUS = "x-cronwheel-invalid-body-status";

  private final OpenAPIContract contract;
  private final Map<String, Checks> checks = new HashMap<>();

  ContractValidator(OpenAPIContract contract) {
    this.contract = contract;
    SchemaRepository schemas = contract.getSchemaRepository();
    for (Operation operation : contract.operations()) {
      checks.put(operation.getOperationId(), new Checks(operation, schemas));
    }
  }

  @Override
  public void handle(RoutingContext ctx) {
    Operation operation = contract.findOperation(ctx.normalizedPath(), ctx.request().method());
    if (operation == null) {
      ctx.next(); // not an operation: the router answers 404 or 405, or serves a static file
      return;
    }
    Checks op = checks.get(operation.getOperationId());
    for (CheckedParameter parameter : op.parameters) {
      parameter.check(ctx, op.pathSegments);
    }
    if (op.body != null) {
      ctx.put(VALIDATED_BODY, op.checkBody(ctx));
    }
    ctx.next();
  }

  /** One operation's compiled checks. */
  private static final class Checks {
    private final String[] pathSegments;
    private final List<CheckedParameter> parameters = new ArrayList<>();
    private final RequestBody body;
    private final Map<String, Validator> bodyValidators = new HashMap<>();
    private final Map<String, JsonSchema> bodySchemas = new HashMap<>();
    private final Integer invalidBodyStatus;

    Checks(Operation operation, SchemaRepository schemas) {
      this.pathSegments = operation.getAbsoluteOpenAPIPath().substring(1).split("/", -1);
      for (Parameter parameter : operation.getParameters()) {
        if (parameter.getIn() != Location.COOKIE) {
          parameters.add(new CheckedParameter(parameter, schemas.validator(parameter.getSchema())));
        }
      }
      this.body = operation.getRequestBody();
      if (body != null) {
        body.getContent()
            .forEach(
                (type, media) -> {
                  bodySchemas.put(type, media.getSchema());
                  bodyValidators.put(type, schemas.validator(media.getSchema()));
                });
      }
      Object status = operation.getExtensions().get(INVALID_BODY_STATUS);
      this.invalidBodyStatus = status instanceof Number n ? n.intValue() : null;
    }

    Object checkBody(RoutingContext ctx) {
      String mediaType = mediaType(ctx.request().getHeader("Content-Type"));
      MediaType declared = body.getContent().get(mediaType);
      if (declared == null) {
        throw new ApiError(
            415,
            "unsupported_media_type",
            "send the body as " + String.join(" or ", body.getContent().keySet()),
            null);
      }
      Buffer raw = ctx.body().buffer();
      if (raw == null || raw.toString(StandardCharsets.UTF_8).isBlank()) {
        throw ApiError.badRequest(null, "the request body is empty; a JSON object is expected");
      }
      Object parsed;
      try {
        parsed = Json.decodeValue(raw);
      } catch (DecodeException e) {
        throw new ApiError(400, "malformed_json", "the request body is not valid JSON", null);
      }
      OutputUnit result = bodyValidators.get(mediaType).validate(parsed);
      if (!result.getValid()) {
        throw SchemaViolation.of(result, parsed, bodySchemas.get(mediaType))
            .toError(invalidBodyStatus);
      }
      return parsed;
    }

    private static String mediaType(String contentType) {
      return contentType == null
          ? ""
          : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    }
  }

  /** One parameter, with its compiled schema. */
  private record CheckedParameter(Parameter parameter, Validator validator) {
    void check(RoutingContext ctx, String[] pathSegments) {
      String name = parameter.getName();
      String raw =
          switch (parameter.getIn()) {
            case PATH -> pathValue(ctx.normalizedPath(), pathSegments, name);
            case QUERY -> ctx.queryParam(name).stream().findFirst().orElse(null);
            default -> ctx.request().getHeader(name);
          };
      // A blank value means "not given", as the handlers read it: the default applies.
      if (raw == null || raw.isBlank()) {
        if (parameter.isRequired()) {
          throw invalid(name + " is required");
        }
        return;
      }
      if (!validator.validate(typed(raw)).getValid()) {
        String expected = name + " must be " + SchemaViolation.describe(parameter.getSchema());
        throw parameter.getIn() == Location.PATH
            ? ApiError.notFound("nothing at " + ctx.request().path() + ": " + expected)
            : invalid(expected);
      }
    }

    private ApiError invalid(String message) {
      if (parameter.getIn() == Location.PATH) {
        // A path that names nothing is an unknown resource, as the README says (unknown id 404).
        return ApiError.notFound(message);
      }
      return ApiError.badRequest(parameter.getName(), message);
    }

    /** Numbers and booleans as JSON values; strings as given (a quote in a name is no error). */
    private Object typed(String raw) {
      String type = String.valueOf(parameter.getSchema().<Object>get("type"));
      if (type.equals("string")) {
        return raw;
      }
      try {
        return Json.decodeValue(raw.trim());
      } catch (DecodeException e) {
        return raw; // not a JSON value: the schema's type check refuses it
      }
    }

    private static String pathValue(String path, String[] template, String name) {
      String[] segments = path.substring(1).split("/", -1);
      for (int i = 0; i < template.length && i < segments.length; i++) {
        if (template[i].equals("{" + name + "}")) {
          try {
            return URLDecoder.decode(segments[i].replace("+", "%2B"), StandardCharsets.UTF_8);
          } catch (IllegalArgumentException e) {
            return segments[i];
          }
        }
      }
      return null;
    }
  }
}
