package io.cronwheel.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.model.JobLimits;
import io.cronwheel.model.SecretHeaders;
import io.cronwheel.model.Target;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SecretBoxTest {
  private static SecretKey key() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return new SecretKeySpec(bytes, "AES");
  }

  private static Target target() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "Bearer t0ken");
    headers.put("X-Api-Key", "k3y");
    headers.put("X-Team", "ops");
    return new Target("http://127.0.0.1/", "POST", headers, null, List.of("x-api-key"));
  }

  @Test
  void seal_encryptsOnlySecretValuesAndOpenGivesThemBack() {
    SecretBox box = new SecretBox(Optional.of(key()));
    Target sealed = box.seal(target());
    assertThat(sealed.headers().get("Authorization")).startsWith(SecretHeaders.SEALED_PREFIX);
    assertThat(sealed.headers().get("X-Api-Key")).startsWith(SecretHeaders.SEALED_PREFIX);
    assertThat(sealed.headers().get("X-Team")).isEqualTo("ops");
    assertThat(sealed.headers().get("Authorization")).doesNotContain("t0ken");
    assertThat(box.seal(target()).headers().get("Authorization"))
        .as("a fresh nonce every time")
        .isNotEqualTo(sealed.headers().get("Authorization"));
    assertThat(box.open(sealed)).isEqualTo(target());
    assertThat(new JobLimits(16384).check(box.open(sealed))).isNull();
  }

  @Test
  void open_withAnotherKeyOrNoneKeepsTheValueSealedAndTheJobBreaksALimit() {
    Target sealed = new SecretBox(Optional.of(key())).seal(target());
    for (SecretBox other : List.of(new SecretBox(Optional.of(key())), SecretBox.PLAIN)) {
      Target opened = other.open(sealed);
      assertThat(opened.headers().get("Authorization")).startsWith(SecretHeaders.SEALED_PREFIX);
      assertThat(new JobLimits(16384).check(opened).field())
          .isIn("target.headers.Authorization", "target.headers.X-Api-Key");
      assertThat(new JobLimits(16384).check(opened).message()).contains("CRONWHEEL_SECRET_KEY");
    }
  }

  @Test
  void open_refusesAValueMovedToAnotherHeader() {
    SecretBox box = new SecretBox(Optional.of(key()));
    String sealedToken = box.seal(target()).headers().get("Authorization");
    Target moved =
        new Target("http://127.0.0.1/", "POST", Map.of("Cookie", sealedToken), null, List.of());
    assertThat(box.open(moved).headers().get("Cookie")).isEqualTo(sealedToken);
  }

  @Test
  void plainBox_storesValuesAsGivenAndReadsPlainRows() {
    Target plain = target();
    assertThat(SecretBox.PLAIN.seal(plain)).isSameAs(plain);
    SecretBox box = new SecretBox(Optional.of(key()));
    assertThat(box.open(plain)).as("rows stored before a key was set keep working").isSameAs(plain);
  }
}
