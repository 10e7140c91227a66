package io.cronwheel.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class JobLimitsTest {
  private static final JobLimits LIMITS = new JobLimits(100);

  private static Target withBody(String bodyJson) {
    return new Target("http://127.0.0.1/", "POST", Map.of(), bodyJson);
  }

  @Test
  void check_acceptsABodyOfExactlyTheLimitAndRefusesOneByteMore() {
    String atLimit = "\"" + "x".repeat(98) + "\"";

    assertThat(LIMITS.check(withBody(atLimit))).isNull();
    Violation over = LIMITS.check(withBody("\"" + "x".repeat(99) + "\""));
    assertThat(over.field()).isEqualTo("target.body");
    assertThat(over.message())
        .contains("101 bytes", "at most 100", "CRONWHEEL_MAX_TARGET_BODY_BYTES");
  }

  @Test
  void check_measuresTheBodyInUtf8Bytes() {
    String fiftyTwoBytes = "\"" + "é".repeat(25) + "\"";

    assertThat(JobLimits.bodyBytes(withBody(fiftyTwoBytes))).isEqualTo(52);
    assertThat(LIMITS.check(withBody("\"" + "é".repeat(50) + "\""))).isNotNull();
  }

  @Test
  void check_acceptsNoBodyAndAppliesTheHeaderRules() {
    assertThat(LIMITS.check(withBody(null))).isNull();
    Target smuggling = new Target("http://127.0.0.1/", "POST", Map.of("Host", "x"), null);
    assertThat(LIMITS.check(smuggling).field()).isEqualTo("target.headers.Host");
  }

  @Test
  void storedTargetCeilingBytes_leavesRoomForHowPostgresqlPrintsAValidTarget() {
    long validMaximum = 100 + HeaderRules.MAX_HEADERS_BYTES;

    assertThat(LIMITS.storedTargetCeilingBytes()).isGreaterThan(2 * validMaximum);
  }
}
