package io.cronwheel.model;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which header values are write-only: {@code Authorization}, {@code Cookie}, {@code
 * Proxy-Authorization}, and any a job lists in {@code target.secretHeaders}. Answers show them as
 * {@link #MASK}; a change that sends {@link #MASK} back keeps the stored value. With {@code
 * CRONWHEEL_SECRET_KEY} set they are stored encrypted, as {@link #SEALED_PREFIX} and the
 * ciphertext.
 */
public final class SecretHeaders {
  public static final Set<String> ALWAYS = Set.of("authorization", "cookie", "proxy-authorization");
  public static final String MASK = "****";

  /** Marks a value stored encrypted (version 1: AES-256-GCM). */
  public static final String SEALED_PREFIX = "enc:v1:";

  private SecretHeaders() {}

  public static boolean isSecret(String name, List<String> listed) {
    if (ALWAYS.contains(name.toLowerCase(Locale.ROOT))) {
      return true;
    }
    for (String secret : listed) {
      if (secret.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A secret value still sealed: stored encrypted under a key this engine does not have, so it
   * cannot be sent. Null if there is none.
   */
  public static Violation unopened(Target target) {
    for (Map.Entry<String, String> header : target.headers().entrySet()) {
      if (header.getValue().startsWith(SEALED_PREFIX) && target.isSecret(header.getKey())) {
        return new Violation(
            "target.headers." + header.getKey(),
            "the value of secret header "
                + header.getKey()
                + " is stored encrypted and cannot be decrypted with this engine's"
                + " CRONWHEEL_SECRET_KEY (a different key, or none, is set); set the key it was"
                + " stored with, or send the header's value again");
      }
    }
    return null;
  }
}
