package io.cronwheel.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {
  @Test
  void fromEnv_appliesTheDocumentedDefaults() {
    CronwheelConfig config = ConfigLoader.fromEnv(Map.of());
    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.httpHost()).isEqualTo("0.0.0.0");
    assertThat(config.dbUrl()).isEmpty();
    assertThat(config.partitions()).isEqualTo(2 * config.eventLoops());
    assertThat(config.claimLookahead()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void fromEnv_readsValuesAndDurations() {
    CronwheelConfig config =
        ConfigLoader.fromEnv(
            Map.of(
                "CRONWHEEL_HTTP_PORT",
                "9090",
                "CRONWHEEL_DB_URL",
                "postgresql://u:p@db:5432/cron",
                "CRONWHEEL_BATCH_INTERVAL",
                "20ms",
                "CRONWHEEL_SHUTDOWN_GRACE",
                "1m",
                "CRONWHEEL_PARTITIONS",
                "16"));
    assertThat(config.httpPort()).isEqualTo(9090);
    assertThat(config.dbUrl()).contains("postgresql://u:p@db:5432/cron");
    assertThat(config.batchInterval()).isEqualTo(Duration.ofMillis(20));
    assertThat(config.shutdownGrace()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.partitions()).isEqualTo(16);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "CRONWHEEL_HTTP_PORT|http|CRONWHEEL_HTTP_PORT",
        "CRONWHEEL_HTTP_PORT|70000|CRONWHEEL_HTTP_PORT",
        "CRONWHEEL_DB_URL|mysql://x/y|CRONWHEEL_DB_URL",
        "CRONWHEEL_SHUTDOWN_GRACE|soon|CRONWHEEL_SHUTDOWN_GRACE",
        "CRONWHEEL_WHEEL_SLOTS|1000|CRONWHEEL_WHEEL_SLOTS",
        "CRONWHEEL_CLAIM_LOOKAHEAD|30s|CRONWHEEL_CLAIM_LOOKAHEAD",
        "CRONWHEEL_MAX_TARGET_BODY_BYTES|-1|CRONWHEEL_MAX_TARGET_BODY_BYTES",
        "CRONWHEEL_MAX_TARGET_BODY_BYTES|lots|CRONWHEEL_MAX_TARGET_BODY_BYTES"
      })
  void fromEnv_rejectsBadValuesWithOneLineNamingTheVariable(
      String name, String value, String named) {
    assertThatThrownBy(() -> ConfigLoader.fromEnv(Map.of(name, value)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(named)
        .hasMessageNotContaining("\n");
  }

  @Test
  void fromEnv_capsTargetBodiesAt16KiBByDefault() {
    assertThat(ConfigLoader.fromEnv(Map.of()).maxTargetBodyBytes()).isEqualTo(16 * 1024);
    assertThat(
            ConfigLoader.fromEnv(Map.of("CRONWHEEL_MAX_TARGET_BODY_BYTES", "0"))
                .maxTargetBodyBytes())
        .isZero();
  }
}
