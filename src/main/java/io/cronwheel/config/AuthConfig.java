package io.cronwheel.config;

import java.util.Optional;

/**
 * Who may call the API.
 *
 * @param enabled whether requests need a token ({@code CRONWHEEL_AUTH}, default {@code on}; {@code
 *     off} opens every endpoint to anyone, for local experiments only)
 * @param adminToken an admin token the operator provides ({@code CRONWHEEL_ADMIN_TOKEN}, typically
 *     from a Kubernetes Secret); when absent and no token exists yet, the engine mints one at first
 *     start and prints it once
 * @param metricsNeedToken whether {@code /metrics} needs the {@code read} role ({@code
 *     CRONWHEEL_METRICS_AUTH}, default {@code off}: Prometheus scrapes without a token)
 */
public record AuthConfig(boolean enabled, Optional<String> adminToken, boolean metricsNeedToken) {
  /** The name the operator's {@code CRONWHEEL_ADMIN_TOKEN} is stored and audited under. */
  public static final String ENV_ADMIN_NAME = "env-admin";

  /** The name of the admin token minted at first start. */
  public static final String FIRST_ADMIN_NAME = "initial-admin";

  /** Authentication off: everything open. */
  public static final AuthConfig OFF = new AuthConfig(false, Optional.empty(), false);

  @Override
  public String toString() {
    // The token is a secret: a config dump in a log line must not carry it.
    return "AuthConfig[enabled="
        + enabled
        + ", adminToken="
        + (adminToken.isPresent() ? "(set)" : "(none)")
        + ", metricsNeedToken="
        + metricsNeedToken
        + "]";
  }
}
