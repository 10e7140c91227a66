package io.cronwheel.auth;

import java.util.Optional;

/**
 * The role each request needs, from its method and path alone, so the whole matrix reads in one
 * place: reads need {@code read}; changes to jobs need {@code write}; the live configuration,
 * tokens and the audit trail need {@code admin}. Probes, the dashboard's static files and the API
 * contract are open (they hold no data), and so is {@code /metrics} unless configured otherwise.
 */
public final class AccessRules {
  private static final String API = "/api/";
  private static final String ADMIN_ONLY_TOKENS = "/api/v1/tokens";
  private static final String ADMIN_ONLY_AUDIT = "/api/v1/audit";
  private static final String CONFIG = "/api/v1/config";

  private final boolean metricsNeedToken;

  /**
   * @param metricsNeedToken whether {@code /metrics} needs the {@code read} role
   */
  public AccessRules(boolean metricsNeedToken) {
    this.metricsNeedToken = metricsNeedToken;
  }

  /** The role {@code method} on {@code path} needs; empty when it is open to anyone. */
  public Optional<Role> required(String method, String path) {
    if (!path.startsWith(API)) {
      return metricsNeedToken && path.equals("/metrics")
          ? Optional.of(Role.READ)
          : Optional.empty();
    }
    if (under(path, ADMIN_ONLY_TOKENS) || under(path, ADMIN_ONLY_AUDIT)) {
      return Optional.of(Role.ADMIN);
    }
    boolean reads = method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
    if (reads) {
      return Optional.of(Role.READ);
    }
    return Optional.of(under(path, CONFIG) ? Role.ADMIN : Role.WRITE);
  }

  private static boolean under(String path, String prefix) {
    return path.equals(prefix) || path.startsWith(prefix + "/");
  }
}
