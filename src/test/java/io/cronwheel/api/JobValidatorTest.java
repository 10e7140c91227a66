package io.cronwheel.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cronwheel.model.JobLimits;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JobValidatorTest {
  private static final int MAX_BODY = 1024;
  private static final JobValidator VALIDATOR = new JobValidator(new JobLimits(MAX_BODY));

  private static JsonObject valid() {
    return JobValidator.withDefaults(
        new JsonObject()
            .put("name", "nightly")
            .put("schedule", "0 0 3 * * *")
            .put("timezone", "Europe/Paris")
            .put("alertWebhook", "http://127.0.0.1:9/alerts")
            .put(
                "target",
                new JsonObject()
                    .put("url", "http://127.0.0.1:9/hook")
                    .put("method", "PUT")
                    .put("headers", new JsonObject().put("Authorization", "Bearer t"))
                    .put("body", new JsonObject().put("k", "v"))));
  }

  private static ApiError invalid(JsonObject json) {
    return catchThrowableOfType(ApiError.class, () -> VALIDATOR.validate(json));
  }

  private static String field(JsonObject json) {
    ApiError error = invalid(json);
    assertThat(error).as("expected a validation error").isNotNull();
    assertThat(error.status()).isEqualTo(422);
    return error.toJson().getJsonObject("error").getString("field");
  }

  /** The text fields, and how to put a value into each. */
  private static final List<String> TEXT_FIELDS =
      List.of("name", "schedule", "timezone", "alertWebhook", "target.url", "target.method");

  private static JsonObject withText(String field, String suffix) {
    JsonObject json = valid();
    if (field.startsWith("target.")) {
      JsonObject target = json.getJsonObject("target");
      String key = field.substring("target.".length());
      target.put(key, target.getString(key) + suffix);
    } else {
      json.put(field, json.getString(field) + suffix);
    }
    return json;
  }

  /** Every text field with each kind of bad character, at the end (where a trim would hide it). */
  static Stream<Arguments> textFieldsWithBadCharacters() {
    String[] bad = {
      "\u0000", "\u0001", "\u0007", "\n", "\r", "\u001b", "\u007f", "\u0085", "\ud800"
    };
    return TEXT_FIELDS.stream().flatMap(field -> Stream.of(bad).map(c -> Arguments.of(field, c)));
  }

  @ParameterizedTest(name = "{0} + U+{1}")
  @MethodSource("textFieldsWithBadCharacters")
  void validate_refusesControlCharactersAndLoneSurrogatesInEveryTextField(
      String field, String bad) {
    assertThat(field(withText(field, bad))).isEqualTo(field);
  }

  @Test
  void validate_refusesAControlCharacterInTheMiddleOfTheName() {
    ApiError error = invalid(valid().put("name", "a\u0000b"));

    assertThat(error.toJson().getJsonObject("error").getString("message"))
        .isEqualTo("name contains the control character U+0000 at index 1");
  }

  @Test
  void validate_acceptsAValidJobAndKeepsItsFields() {
    JobDefinition def = VALIDATOR.validate(valid().put("name", "  nightly  "));

    assertThat(def.spec().name()).isEqualTo("nightly");
    assertThat(def.spec().target().method()).isEqualTo("PUT");
    assertThat(def.spec().target().headers()).containsEntry("Authorization", "Bearer t");
    assertThat(def.spec().target().bodyJson()).isEqualTo("{\"k\":\"v\"}");
    assertThat(def.active()).isTrue();
  }

  @Test
  void validate_acceptsTabsBetweenScheduleFields() {
    assertThat(VALIDATOR.validate(valid().put("schedule", "0\t0\t3 * * *")).spec().schedule())
        .isEqualTo("0\t0\t3 * * *");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Content-Length",
        "content-length",
        "TRANSFER-ENCODING",
        "Host",
        "connection",
        "Keep-Alive",
        "PROXY-CONNECTION",
        "te",
        "Trailer",
        "upgrade",
        "EXPECT",
        "x-cronwheel-job-id",
        "Idempotency-Key"
      })
  void validate_refusesFramingAndEngineHeadersNamingTheHeader(String name) {
    JsonObject json = valid();
    json.getJsonObject("target").put("headers", new JsonObject().put(name, "1"));

    assertThat(field(json)).isEqualTo("target.headers." + name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\u0000b", "a\rb", "a\nb", "a\u0001b", "a\u007fb", "a\u010ab"})
  void validate_refusesHeaderValuesThatCannotBeSentAsGiven(String value) {
    JsonObject json = valid();
    json.getJsonObject("target").put("headers", new JsonObject().put("X-Test", value));

    assertThat(field(json)).isEqualTo("target.headers.X-Test");
  }

  @Test
  void validate_refusesAHeaderValueThatIsNotAString() {
    JsonObject json = valid();
    json.getJsonObject("target").put("headers", new JsonObject().put("X-Test", 5));

    assertThat(field(json)).isEqualTo("target.headers.X-Test");
  }

  static Stream<Object> bodiesPostgresqlCannotStore() {
    return Stream.of(
        "text\u0000",
        new JsonObject().put("a", "x\u0000y"),
        new JsonObject().put("k\u0000", 1),
        new JsonObject().put("deep", new JsonArray().add(new JsonObject().put("x", "\u0000"))),
        "lone \udc00",
        new JsonObject().put("n", Double.POSITIVE_INFINITY),
        new JsonArray().add(Double.NaN));
  }

  @ParameterizedTest
  @MethodSource("bodiesPostgresqlCannotStore")
  void validate_refusesBodiesThatWouldNotBeStoredAsSent(Object body) {
    JsonObject json = valid();
    json.getJsonObject("target").put("body", body);

    assertThat(field(json)).isEqualTo("target.body");
  }

  @Test
  void validate_namesWhereInTheBodyTheProblemIs() {
    JsonObject json = valid();
    json.getJsonObject("target")
        .put("body", new JsonObject().put("items", new JsonArray().add("ok").add("bad\u0000")));

    assertThat(invalid(json).getMessage()).startsWith("target.body.items[1] contains U+0000");
  }

  @Test
  void validate_acceptsOtherControlCharactersInsideBodyStrings() {
    JsonObject json = valid();
    json.getJsonObject("target").put("body", new JsonObject().put("text", "line\nnext\ttab\u0001"));

    assertThat(VALIDATOR.validate(json).spec().target().bodyJson()).contains("\\n", "\\u0001");
  }

  @Test
  void validate_capsTheBodyAtTheConfiguredSize() {
    JsonObject json = valid();
    json.getJsonObject("target").put("body", "x".repeat(MAX_BODY - 2));
    assertThat(VALIDATOR.validate(json).spec().target().bodyJson()).hasSize(MAX_BODY);

    json.getJsonObject("target").put("body", "x".repeat(MAX_BODY - 1));
    ApiError error = invalid(json);
    assertThat(error.toJson().getJsonObject("error").getString("field")).isEqualTo("target.body");
    assertThat(error.getMessage()).contains("CRONWHEEL_MAX_TARGET_BODY_BYTES");
  }

  @Test
  void validate_keepsTheOtherRulesAsTheyWere() {
    assertThat(field(valid().put("schedule", "61 * * * * *"))).isEqualTo("schedule");
    assertThat(field(valid().put("timezone", "Mars/Olympus"))).isEqualTo("timezone");
    assertThat(field(valid().put("timeoutMs", 0))).isEqualTo("timeoutMs");
    assertThat(field(valid().put("colour", "blue"))).isEqualTo("colour");
    assertThat(field(valid().put("retry", new JsonObject().put("maxAttempts", 0))))
        .isEqualTo("retry.maxAttempts");
    JsonObject badMethod = valid();
    badMethod.getJsonObject("target").put("method", "brew");
    assertThat(field(badMethod)).isEqualTo("target.method");
    JsonObject lowerMethod = valid();
    lowerMethod.getJsonObject("target").put("method", "patch");
    assertThat(VALIDATOR.validate(lowerMethod).spec().target().method())
        .isEqualTo("patch".toUpperCase(Locale.ROOT));
  }

  @Test
  void validate_acceptsTheFieldsAGetAddsWhenSentBack() {
    JsonObject json =
        valid().put("schedulable", false).put("unschedulableReason", "x").put("version", 3);

    assertThat(VALIDATOR.validate(json).spec().name()).isEqualTo("nightly");
  }
}
