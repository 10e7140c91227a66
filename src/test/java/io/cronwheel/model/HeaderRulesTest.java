package io.cronwheel.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class HeaderRulesTest {
  private static final String[] FRAMING = {
    "Content-Length",
    "Transfer-Encoding",
    "Host",
    "Connection",
    "Keep-Alive",
    "Proxy-Connection",
    "TE",
    "Trailer",
    "Upgrade",
    "Expect",
    "X-Cronwheel-Job-Id",
    "X-Cronwheel-Execution-Id",
    "X-Cronwheel-Scheduled-At",
    "X-Cronwheel-Attempt",
    "X-Cronwheel-Anything",
    "Idempotency-Key"
  };

  /** Each forbidden header as documented, in lower case, in upper case and in a mixed case. */
  static Stream<String> forbiddenInAnyCase() {
    return Stream.of(FRAMING)
        .flatMap(
            name ->
                Stream.of(
                    name,
                    name.toLowerCase(Locale.ROOT),
                    name.toUpperCase(Locale.ROOT),
                    alternateCase(name)));
  }

  private static String alternateCase(String name) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      out.append(i % 2 == 0 ? Character.toUpperCase(c) : Character.toLowerCase(c));
    }
    return out.toString();
  }

  @ParameterizedTest
  @MethodSource("forbiddenInAnyCase")
  void check_refusesFramingHopByHopAndEngineHeadersInAnyCase(String name) {
    Violation violation = HeaderRules.check(Map.of(name, "1"));

    assertThat(violation).isNotNull();
    assertThat(violation.field()).isEqualTo("target.headers." + name);
    assertThat(violation.message()).contains(name);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Authorization",
        "Content-Type",
        "X-Request-Id",
        "Accept",
        "User-Agent",
        "TEx",
        "Hosts",
        "X-Cronwheel",
        "!#$%&'*+-.^_`|~09azAZ"
      })
  void check_acceptsOrdinaryHeaderNames(String name) {
    assertThat(HeaderRules.check(Map.of(name, "value"))).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "X Test",
        "X:Test",
        "X\u0000",
        "X\r\nHost",
        "Ünï",
        "X(1)",
        "X/Y",
        "a\"b",
        "x@y"
      })
  void check_refusesNamesThatAreNotTokens(String name) {
    Violation violation = HeaderRules.check(Map.of(name, "value"));

    assertThat(violation).isNotNull();
    assertThat(violation.message()).contains("not a valid header name");
  }

  /** Every control but the tab, and characters that are not one byte on the wire. */
  @ParameterizedTest
  @ValueSource(
      chars = {
        '\u0000', '\u0001', '\u0008', '\n', '\u000b', '\f', '\r', '\u001b', '\u001f', '\u007f',
        '\u0080', '\u0085', '\u009f', '\u010a', '\u0120', '\u2028', '\uffff', '\ud800'
      })
  void check_refusesValuesWithCharactersThatCannotBeSentAsGiven(char bad) {
    Violation violation = HeaderRules.check(Map.of("X-Test", "a" + bad + "b"));

    assertThat(violation).isNotNull();
    assertThat(violation.field()).isEqualTo("target.headers.X-Test");
    assertThat(violation.message()).contains(String.format("U+%04X", (int) bad), "at index 1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\tb", "Bearer abc.def-ghi", " spaced ", "café ÿ ¡", "", "~!@#$%^&*()"})
  void check_acceptsTabsSpacesVisibleAsciiAndLatin1(String value) {
    assertThat(HeaderRules.check(Map.of("X-Test", value))).isNull();
  }

  @Test
  void check_refusesTheSameNameTwiceInDifferentCases() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Twice", "1");
    headers.put("x-TWICE", "2");

    Violation violation = HeaderRules.check(headers);

    assertThat(violation.field()).isEqualTo("target.headers.x-TWICE");
    assertThat(violation.message()).contains("twice");
  }

  @Test
  void check_refusesHeadersOverTheirTotalSizeAndAcceptsThemAtIt() {
    String name = "X-Big";
    int fits = HeaderRules.MAX_HEADERS_BYTES - name.length() - 4;

    assertThat(HeaderRules.check(Map.of(name, "v".repeat(fits)))).isNull();
    Violation over = HeaderRules.check(Map.of(name, "v".repeat(fits + 1)));
    assertThat(over.field()).isEqualTo("target.headers");
    assertThat(over.message()).contains(Integer.toString(HeaderRules.MAX_HEADERS_BYTES));
  }
}
