package io.cronwheel.auth;

import java.util.Locale;
import java.util.Optional;

/** What a token may do; each role includes the ones before it. */
public enum Role {
  /** Every {@code GET} of the API except tokens and the audit trail. */
  READ,
  /** Also creates, changes, deletes and triggers jobs. */
  WRITE,
  /** Also the live configuration, tokens and the audit trail. */
  ADMIN;

  public boolean includes(Role needed) {
    return compareTo(needed) >= 0;
  }

  /** The lower-case name the API and the database use. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> fromWireName(String name) {
    for (Role role : values()) {
      if (role.wireName().equals(name)) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }
}
