package io.cronwheel.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InternerTest {

  @Test
  void intern_returnsTheFirstEqualInstance() {
    Interner<String> interner = new Interner<>(10);
    String first = new String("0 0 12 * * *");
    String second = new String("0 0 12 * * *");

    assertThat(interner.intern(first)).isSameAs(first);
    assertThat(interner.intern(second)).isSameAs(first);
    assertThat(interner.intern(null)).isNull();
    assertThat(interner.size()).isEqualTo(1);
  }

  @Test
  void intern_startsOverWhenFull() {
    Interner<String> interner = new Interner<>(3);
    String a = new String("a");
    interner.intern(a);
    interner.intern("b");
    interner.intern("c");
    assertThat(interner.intern(new String("a"))).isSameAs(a);

    String d = new String("d");
    assertThat(interner.intern(d)).isSameAs(d);
    assertThat(interner.size()).isEqualTo(1);
    String laterA = new String("a");
    assertThat(interner.intern(laterA)).isSameAs(laterA).isEqualTo(a);
  }
}
