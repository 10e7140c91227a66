package io.cronwheel.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokensTest {
  @Test
  void mintedTokensAreLongPrefixedAndDistinct() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String token = Tokens.mint();
      assertThat(token).startsWith(Tokens.PREFIX).hasSize(Tokens.PREFIX.length() + 43);
      assertThat(token.substring(Tokens.PREFIX.length())).matches("[A-Za-z0-9_-]+");
      seen.add(token);
    }
    assertThat(seen).hasSize(1000);
  }

  @Test
  void theHashIsSha256OfTheToken() {
    assertThat(Tokens.hash("abc"))
        .asHexString()
        .isEqualToIgnoringCase("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD");
  }
}
