package io.cronwheel.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cronwheel.model.RetryPolicy;
import io.cronwheel.model.Target;
import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Jobs read from the database share the parts they repeat, and read back equal to what was stored.
 */
class SharedValuesTest {

  @Test
  void zone_isOneInstancePerId() {
    assertThat(SharedValues.zone("UTC")).isSameAs(SharedValues.zone(new String("UTC")));
    assertThat(SharedValues.zone("Europe/Paris"))
        .isSameAs(SharedValues.zone("Europe/Paris"))
        .hasToString("Europe/Paris");
    assertThatThrownBy(() -> SharedValues.zone("Mars/Olympus"))
        .isInstanceOf(DateTimeException.class);
  }

  @Test
  void millis_andRetry_areShared() {
    assertThat(SharedValues.millis(10_000))
        .isSameAs(SharedValues.millis(10_000))
        .isEqualTo(Duration.ofSeconds(10));
    RetryPolicy asDefault = new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofMinutes(1), 2.0);
    assertThat(SharedValues.retry(asDefault)).isSameAs(RetryPolicy.DEFAULT);
    RetryPolicy custom = new RetryPolicy(5, Duration.ofSeconds(2), Duration.ofMinutes(5), 3.0);
    assertThat(
            SharedValues.retry(
                new RetryPolicy(5, Duration.ofSeconds(2), Duration.ofMinutes(5), 3.0)))
        .isSameAs(SharedValues.retry(custom))
        .isEqualTo(custom);
  }

  @Test
  void text_sharesShortTextsOnly() {
    assertThat(SharedValues.text(new String("POST")))
        .isSameAs(SharedValues.text(new String("POST")));
    String longBody = "x".repeat(SharedValues.MAX_SHARED_TEXT + 1);
    String sameLongBody = "x".repeat(SharedValues.MAX_SHARED_TEXT + 1);
    assertThat(SharedValues.text(sameLongBody))
        .isSameAs(sameLongBody)
        .isNotSameAs(SharedValues.text(longBody));
    assertThat(SharedValues.text(null)).isNull();
  }

  @Test
  void headers_areSharedImmutableCopiesUnlessAValueIsLong() {
    Map<String, String> headers =
        new LinkedHashMap<>(Map.of("X-Tenant", "a", "Authorization", "Bearer t"));
    Map<String, String> shared = SharedValues.headers(headers);
    assertThat(SharedValues.headers(new LinkedHashMap<>(headers)))
        .isSameAs(shared)
        .isEqualTo(headers);
    assertThat(SharedValues.headers(Map.of())).isEmpty();

    String token = "t".repeat(SharedValues.MAX_SHARED_TEXT + 1);
    Map<String, String> big = new LinkedHashMap<>(Map.of("Authorization", token));
    assertThat(SharedValues.headers(big))
        .isEqualTo(big)
        .isNotSameAs(SharedValues.headers(new LinkedHashMap<>(big)));
  }

  @Test
  void documents_readBackEqualAndShareTheirRepeatedParts() {
    Target target =
        new Target("http://127.0.0.1:1/a", "POST", Map.of("X-Tenant", "t"), "{\"k\":1}");
    JsonObject stored = JobDocuments.targetJson(target);
    Target first = JobDocuments.target(stored.copy());
    Target second = JobDocuments.target(stored.copy().put("url", "http://127.0.0.1:1/b"));

    assertThat(first).isEqualTo(target);
    assertThat(second.headers()).isSameAs(first.headers());
    assertThat(second.bodyJson()).isSameAs(first.bodyJson());
    assertThat(second.method()).isSameAs(first.method());
    assertThat(JobDocuments.retry(JobDocuments.retryJson(RetryPolicy.DEFAULT)))
        .isSameAs(RetryPolicy.DEFAULT);
  }

  @Test
  void documentsAsText_readBackEqualAndShareTheirRepeatedParts() {
    Target target =
        new Target("http://127.0.0.1:1/a", "PUT", Map.of("X-Tenant", "t"), "{\"k\":[1,2]}");
    String withoutUrl = JobDocuments.targetJson(target).copy().put("url", null).encode();
    Target first = JobDocuments.target("http://127.0.0.1:1/a", withoutUrl);
    Target second = JobDocuments.target("http://127.0.0.1:1/b", new String(withoutUrl));

    assertThat(first).isEqualTo(target);
    assertThat(second.url()).isEqualTo("http://127.0.0.1:1/b");
    assertThat(second.headers()).isSameAs(first.headers());
    assertThat(second.bodyJson()).isSameAs(first.bodyJson());
    RetryPolicy custom = new RetryPolicy(5, Duration.ofSeconds(2), Duration.ofMinutes(5), 3.0);
    assertThat(JobDocuments.retry(JobDocuments.retryJson(custom).encode())).isEqualTo(custom);
  }
}
