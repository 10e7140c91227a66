package io.cronwheel.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TextMemoTest {
  private final AtomicInteger computed = new AtomicInteger();

  private TextMemo<Integer> memo(int maxEntries, int maxTextLength) {
    return new TextMemo<>(
        maxEntries,
        maxTextLength,
        text -> {
          computed.incrementAndGet();
          return Integer.parseInt(text.trim());
        });
  }

  @Test
  void get_computesEachDistinctTextOnce() {
    TextMemo<Integer> memo = memo(10, 100);
    Integer first = memo.get("1000");
    assertThat(memo.get(new String("1000"))).isSameAs(first);
    assertThat(memo.get(" 7")).isEqualTo(7);
    assertThat(computed).hasValue(2);
  }

  @Test
  void get_neverKeepsLongTextsOrFailures() {
    TextMemo<Integer> memo = memo(10, 3);
    assertThat(memo.get("12345")).isEqualTo(12345);
    assertThat(memo.get("12345")).isEqualTo(12345);
    assertThat(computed).hasValue(2);
    assertThatThrownBy(() -> memo.get("x")).isInstanceOf(NumberFormatException.class);
    assertThat(memo.size()).isZero();
  }

  @Test
  void get_startsOverWhenFull() {
    TextMemo<Integer> memo = memo(2, 100);
    memo.get("1");
    memo.get("2");
    memo.get("3");
    assertThat(memo.size()).isEqualTo(1);
    memo.get("3");
    assertThat(computed).hasValue(3);
  }
}
