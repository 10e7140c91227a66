package io.cronwheel.config;

import io.cronwheel.model.TargetPolicy;
import java.nio.file.Path;
import java.util.Optional;
import javax.crypto.SecretKey;

/**
 * Where jobs may send, how their secrets are kept, and TLS.
 *
 * @param targetPolicy the default deny list with {@code CRONWHEEL_TARGET_DENY} and {@code
 *     CRONWHEEL_TARGET_ALLOW} added
 * @param secretKey {@code CRONWHEEL_SECRET_KEY}: secret header values are stored encrypted under it
 * @param apiTls {@code CRONWHEEL_TLS_CERT} and {@code CRONWHEEL_TLS_KEY}: the API speaks HTTPS
 * @param targetCaBundle {@code CRONWHEEL_TARGET_CA_BUNDLE}: CAs trusted for targets and webhooks
 *     besides the JDK's
 */
public record SecurityConfig(
    TargetPolicy targetPolicy,
    Optional<SecretKey> secretKey,
    Optional<TlsFiles> apiTls,
    Optional<Path> targetCaBundle) {

  /** The default: the default target policy, secrets stored as given, no TLS of our own. */
  public static final SecurityConfig DEFAULT =
      new SecurityConfig(
          TargetPolicy.DEFAULT, Optional.empty(), Optional.empty(), Optional.empty());

  /** PEM files: a certificate chain and its private key. */
  public record TlsFiles(Path cert, Path key) {}
}
