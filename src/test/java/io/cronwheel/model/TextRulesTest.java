package io.cronwheel.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TextRulesTest {
  /** Every C0 control, DEL and every C1 control. */
  static Stream<Character> controls() {
    return Stream.concat(
            IntStream.range(0, 0x20).boxed(), IntStream.rangeClosed(0x7f, 0x9f).boxed())
        .map(c -> (char) c.intValue());
  }

  @ParameterizedTest
  @MethodSource("controls")
  void singleLineProblem_namesEveryControlCharacterAndWhereItIs(char control) {
    String problem = TextRules.singleLineProblem("ab" + control + "c");

    assertThat(problem)
        .isEqualTo(
            "contains the control character "
                + String.format("U+%04X", (int) control)
                + " at index 2");
  }

  @ParameterizedTest
  @MethodSource("controls")
  void singleLineAllowingTabsProblem_allowsOnlyTheTab(char control) {
    String problem = TextRules.singleLineAllowingTabsProblem("0\t0" + control);

    if (control == '\t') {
      assertThat(problem).isNull();
    } else {
      assertThat(problem).contains(String.format("U+%04X", (int) control));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"plain", "Ünïcödé", "日本語", "emoji \uD83D\uDE00 pair", "tilde ~ and DEL-free", ""})
  void singleLineProblem_acceptsPrintableTextOfAnyScript(String text) {
    assertThat(TextRules.singleLineProblem(text)).isNull();
    assertThat(TextRules.unicodeProblem(text)).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"a\uD800", "\uD800b", "a\uDC00b", "\uDC00\uD800", "ok \uD83D\uDE00 \uDE00"})
  void unicodeProblem_findsUnpairedSurrogates(String text) {
    assertThat(TextRules.unicodeProblem(text)).contains("unpaired surrogate");
    assertThat(TextRules.singleLineProblem(text)).contains("unpaired surrogate");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\u0000b", "a\nb", "\u0085"})
  void unicodeProblem_leavesControlsToTheJsonRules(String text) {
    assertThat(TextRules.unicodeProblem(text)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "ascii", "é", "日本", "\uD83D\uDE00", "mixed é 日 \uD83D\uDE00"})
  void utf8Length_matchesTheJdkEncoder(String text) {
    assertThat(TextRules.utf8Length(text))
        .isEqualTo(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
  }
}
