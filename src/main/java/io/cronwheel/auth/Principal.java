package io.cronwheel.auth;

/**
 * Who a request comes from: a token's name and role. The name is what the audit trail records.
 *
 * @param name the token's name, or {@link #ANONYMOUS_NAME} when authentication is off
 */
public record Principal(String name, Role role) {
  public static final String ANONYMOUS_NAME = "anonymous";

  /** Everyone, when authentication is off. */
  public static final Principal ANONYMOUS = new Principal(ANONYMOUS_NAME, Role.ADMIN);
}
