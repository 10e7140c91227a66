package io.cronwheel.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
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
    assertThat(config.alertInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.alertDeliveryCap()).isEqualTo(Duration.ofHours(24));
  }

  @Test
  void fromEnv_namesTheNodeAfterItsHostWithASuffixAndAddressesItOnTheApiPort() {
    ClusterConfig cluster =
        ConfigLoader.fromEnv(Map.of("HOSTNAME", "pod-7", "CRONWHEEL_HTTP_PORT", "9090")).cluster();
    assertThat(cluster.nodeId()).matches("pod-7-[0-9a-f]+");
    assertThat(cluster.address()).isEqualTo("http://pod-7:9090");
    assertThat(cluster.leaseTtl()).isEqualTo(Duration.ofSeconds(10));
    assertThat(cluster.rebalanceDelay()).isEqualTo(Duration.ofSeconds(5));
    assertThat(ConfigLoader.fromEnv(Map.of("HOSTNAME", "pod-7")).cluster().nodeId())
        .as("every process is a new node")
        .isNotEqualTo(cluster.nodeId());
  }

  @Test
  void fromEnv_readsTheClusterSettings() {
    ClusterConfig cluster =
        ConfigLoader.fromEnv(
                Map.of(
                    "CRONWHEEL_NODE_ID", "n1",
                    "CRONWHEEL_NODE_ADDRESS", "http://10.0.0.7:8080",
                    "CRONWHEEL_LEASE_TTL", "4s",
                    "CRONWHEEL_REBALANCE_DELAY", "0"))
            .cluster();
    assertThat(cluster.nodeId()).isEqualTo("n1");
    assertThat(cluster.address()).isEqualTo("http://10.0.0.7:8080");
    assertThat(cluster.cycle()).isEqualTo(Duration.ofSeconds(1));
    assertThat(cluster.firingWindow()).isEqualTo(Duration.ofMillis(3200));
    assertThat(cluster.rebalanceDelay()).isZero();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "CRONWHEEL_NODE_ID|two words|CRONWHEEL_NODE_ID",
        "CRONWHEEL_LEASE_TTL|1s|CRONWHEEL_LEASE_TTL",
        "CRONWHEEL_LEASE_TTL|6m|CRONWHEEL_LEASE_TTL",
        "CRONWHEEL_REBALANCE_DELAY|10m|CRONWHEEL_REBALANCE_DELAY",
      })
  void fromEnv_refusesClusterSettingsOutOfRange(String name, String value, String named) {
    assertThatThrownBy(() -> ConfigLoader.fromEnv(Map.of(name, value)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(named);
  }

  @Test
  void fromEnv_readsTheAlertIntervalAndDeliveryCap() {
    CronwheelConfig config =
        ConfigLoader.fromEnv(
            Map.of("CRONWHEEL_ALERT_INTERVAL", "1s", "CRONWHEEL_ALERT_DELIVERY_CAP", "2h"));
    assertThat(config.alertInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.alertDeliveryCap()).isEqualTo(Duration.ofHours(2));
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
        "CRONWHEEL_ALERT_INTERVAL|500ms|CRONWHEEL_ALERT_INTERVAL",
        "CRONWHEEL_ALERT_INTERVAL|2d|CRONWHEEL_ALERT_INTERVAL",
        "CRONWHEEL_ALERT_INTERVAL|often|CRONWHEEL_ALERT_INTERVAL",
        "CRONWHEEL_ALERT_DELIVERY_CAP|0|CRONWHEEL_ALERT_DELIVERY_CAP",
        "CRONWHEEL_ALERT_DELIVERY_CAP|31d|CRONWHEEL_ALERT_DELIVERY_CAP",
        "CRONWHEEL_MAX_TARGET_BODY_BYTES|-1|CRONWHEEL_MAX_TARGET_BODY_BYTES",
        "CRONWHEEL_MAX_TARGET_BODY_BYTES|lots|CRONWHEEL_MAX_TARGET_BODY_BYTES",
        "CRONWHEEL_JOB_MEMORY_BUDGET|half|CRONWHEEL_JOB_MEMORY_BUDGET",
        "CRONWHEEL_JOB_MEMORY_BUDGET|95%|CRONWHEEL_JOB_MEMORY_BUDGET",
        "CRONWHEEL_JOB_MEMORY_BUDGET|0%|CRONWHEEL_JOB_MEMORY_BUDGET",
        "CRONWHEEL_JOB_MEMORY_BUDGET|1k|CRONWHEEL_JOB_MEMORY_BUDGET",
        "CRONWHEEL_JOB_MEMORY_BUDGET|2t|CRONWHEEL_JOB_MEMORY_BUDGET",
        "CRONWHEEL_JOB_MEMORY_BUDGET|99999999999999g|CRONWHEEL_JOB_MEMORY_BUDGET"
      })
  void fromEnv_rejectsBadValuesWithOneLineNamingTheVariable(
      String name, String value, String named) {
    assertThatThrownBy(() -> ConfigLoader.fromEnv(Map.of(name, value)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(named)
        .hasMessageNotContaining("\n");
  }

  @Test
  void fromEnv_capsTargetBodiesAt16KiBAndGivesJobsHalfTheHeapByDefault() {
    CronwheelConfig config = ConfigLoader.fromEnv(Map.of());

    assertThat(config.maxTargetBodyBytes()).isEqualTo(16 * 1024);
    assertThat(config.jobMemoryBudgetBytes())
        .isEqualTo(Runtime.getRuntime().maxMemory() / 100 * 50);
  }

  @ParameterizedTest
  @CsvSource({
    "65536, 65536",
    "512k, 524288",
    "300m, 314572800",
    "300MB, 314572800",
    "2g, 2147483648",
    "2GiB, 2147483648",
    "64 kb, 65536"
  })
  void fromEnv_readsTheJobMemoryBudgetAsASize(String value, long bytes) {
    CronwheelConfig config = ConfigLoader.fromEnv(Map.of("CRONWHEEL_JOB_MEMORY_BUDGET", value));

    assertThat(config.jobMemoryBudgetBytes()).isEqualTo(bytes);
  }

  @Test
  void fromEnv_readsTheJobMemoryBudgetAsAShareOfTheHeap() {
    CronwheelConfig config =
        ConfigLoader.fromEnv(
            Map.of("CRONWHEEL_JOB_MEMORY_BUDGET", "25%", "CRONWHEEL_MAX_TARGET_BODY_BYTES", "0"));

    assertThat(config.jobMemoryBudgetBytes())
        .isEqualTo(Runtime.getRuntime().maxMemory() / 100 * 25);
    assertThat(config.maxTargetBodyBytes()).isZero();
  }

  @Test
  void fromEnv_readsTheAuthSettingsAndNeverPrintsTheToken() {
    assertThat(ConfigLoader.fromEnv(Map.of()).auth())
        .isEqualTo(new AuthConfig(true, Optional.empty(), false));
    AuthConfig auth =
        ConfigLoader.fromEnv(
                Map.of(
                    "CRONWHEEL_AUTH", "off",
                    "CRONWHEEL_ADMIN_TOKEN", " cwt_a-long-enough-token ",
                    "CRONWHEEL_METRICS_AUTH", "on"))
            .auth();
    assertThat(auth.enabled()).isFalse();
    assertThat(auth.adminToken()).contains("cwt_a-long-enough-token");
    assertThat(auth.metricsNeedToken()).isTrue();
    assertThat(auth.toString()).doesNotContain("cwt_a-long-enough-token");
  }

  @ParameterizedTest
  @CsvSource({
    "CRONWHEEL_AUTH, maybe, CRONWHEEL_AUTH must be on or off",
    "CRONWHEEL_METRICS_AUTH, sometimes, CRONWHEEL_METRICS_AUTH must be on or off",
    "CRONWHEEL_ADMIN_TOKEN, short, CRONWHEEL_ADMIN_TOKEN must be at least 16",
    "CRONWHEEL_ADMIN_TOKEN, 'has spaces inside it, long', CRONWHEEL_ADMIN_TOKEN must be at least 16",
  })
  void fromEnv_refusesBadAuthSettingsWithoutEchoingTheToken(
      String name, String value, String named) {
    assertThatThrownBy(() -> ConfigLoader.fromEnv(Map.of(name, value)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(named)
        .satisfies(
            e -> {
              if (name.equals("CRONWHEEL_ADMIN_TOKEN")) {
                assertThat(e.getMessage()).doesNotContain(value);
              }
            });
  }

  @Test
  void fromEnv_readsTheTargetPolicyAndTheSecretKey() {
    SecurityConfig security =
        ConfigLoader.fromEnv(
                Map.of(
                    "CRONWHEEL_TARGET_DENY", "127.0.0.0/8, ::1/128,internal.example",
                    "CRONWHEEL_TARGET_ALLOW", "127.0.0.2",
                    "CRONWHEEL_SECRET_KEY",
                        java.util.Base64.getEncoder().encodeToString(new byte[32])))
            .security();
    assertThat(security.targetPolicy().refusal("127.0.0.1")).contains("127.0.0.0/8");
    assertThat(security.targetPolicy().refusal("127.0.0.2")).isNull();
    assertThat(security.targetPolicy().refusal("[::1]")).isNotNull();
    assertThat(security.targetPolicy().refusal("Internal.Example")).isNotNull();
    assertThat(security.secretKey()).isPresent();
    assertThat(ConfigLoader.fromEnv(Map.of()).security().targetPolicy().refusal("127.0.0.1"))
        .isNull();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "CRONWHEEL_TARGET_DENY|10.0.0.0/8,10.0.0.0/40",
        "CRONWHEEL_TARGET_ALLOW|not a host",
        "CRONWHEEL_SECRET_KEY|c2hvcnQ=",
        "CRONWHEEL_SECRET_KEY|not base64!",
        "CRONWHEEL_TLS_CERT|/etc/hostname",
        "CRONWHEEL_TARGET_CA_BUNDLE|/nonexistent/ca.pem",
        "CRONWHEEL_TARGET_CA_BUNDLE|/etc/hostname",
        "CRONWHEEL_ALERT_WEBHOOK|http://169.254.169.254/alerts"
      })
  void fromEnv_refusesBadSecuritySettingsNamingTheVariable(String name, String value) {
    assertThatThrownBy(() -> ConfigLoader.fromEnv(Map.of(name, value)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(name);
  }
}
