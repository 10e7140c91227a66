package io.cronwheel.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccessRulesTest {
  private final AccessRules rules = new AccessRules(false);

  @ParameterizedTest(name = "{0} {1} needs {2}")
  @CsvSource({
    "GET, /api/v1/jobs, READ",
    "GET, /api/v1/jobs/x/executions, READ",
    "GET, /api/v1/config, READ",
    "GET, /api/v1/whoami, READ",
    "HEAD, /api/v1/jobs, READ",
    "POST, /api/v1/jobs, WRITE",
    "POST, /api/v1/jobs/bulk, WRITE",
    "PATCH, /api/v1/jobs/x, WRITE",
    "DELETE, /api/v1/jobs/x, WRITE",
    "POST, /api/v1/jobs/x/trigger, WRITE",
    "PUT, /api/v1/config, ADMIN",
    "GET, /api/v1/tokens, ADMIN",
    "POST, /api/v1/tokens, ADMIN",
    "DELETE, /api/v1/tokens/ci, ADMIN",
    "GET, /api/v1/audit, ADMIN",
    "POST, /api/v1/unknown, WRITE",
    // Prefixes only match whole path segments: this is not the tokens resource.
    "GET, /api/v1/tokensx, READ",
  })
  void apiPathsNeedTheirRole(String method, String path, Role role) {
    assertThat(rules.required(method, path)).contains(role);
  }

  @ParameterizedTest(name = "{0} {1} is open")
  @CsvSource({
    "GET, /health",
    "GET, /health/live",
    "GET, /health/ready",
    "GET, /metrics",
    "GET, /",
    "GET, /openapi.yaml",
    "POST, /anything-outside-the-api",
  })
  void outsideTheApiIsOpen(String method, String path) {
    assertThat(rules.required(method, path)).isEqualTo(Optional.empty());
  }

  @ParameterizedTest(name = "metrics guarded: {0}")
  @CsvSource({"/metrics, true", "/health, false"})
  void metricsCanNeedAToken(String path, boolean guarded) {
    assertThat(new AccessRules(true).required("GET", path).isPresent()).isEqualTo(guarded);
  }

  @ParameterizedTest(name = "{0} includes {1}: {2}")
  @CsvSource({
    "ADMIN, WRITE, true",
    "ADMIN, READ, true",
    "WRITE, READ, true",
    "WRITE, ADMIN, false",
    "READ, WRITE, false",
    "READ, READ, true",
  })
  void rolesIncludeTheOnesBelow(Role has, Role needed, boolean allowed) {
    assertThat(has.includes(needed)).isEqualTo(allowed);
  }
}
