package io.cronwheel.config;

import io.cronwheel.model.TargetPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Reads {@link SecurityConfig} from its {@code CRONWHEEL_*} variables; part of {@link
 * ConfigLoader}.
 */
final class SecurityLoader {
  static final String DENY = "CRONWHEEL_TARGET_DENY";
  static final String ALLOW = "CRONWHEEL_TARGET_ALLOW";
  static final String SECRET_KEY = "CRONWHEEL_SECRET_KEY";
  static final String TLS_CERT = "CRONWHEEL_TLS_CERT";
  static final String TLS_KEY = "CRONWHEEL_TLS_KEY";
  static final String CA_BUNDLE = "CRONWHEEL_TARGET_CA_BUNDLE";
  private static final int KEY_BYTES = 32;

  private final Map<String, String> env;

  SecurityLoader(Map<String, String> env) {
    this.env = env;
  }

  SecurityConfig load() {
    List<String> deny = entries(DENY, true);
    List<String> allow = entries(ALLOW, false);
    return new SecurityConfig(
        new TargetPolicy(deny, allow), secretKey(), apiTls(), file(CA_BUNDLE).map(this::caBundle));
  }

  /** The entries of one list, each checked, so a bad one is reported under its variable. */
  private List<String> entries(String name, boolean deny) {
    List<String> entries = TargetPolicy.entries(env.get(name));
    try {
      if (deny) {
        new TargetPolicy(entries, List.of());
      } else {
        new TargetPolicy(List.of(), entries);
      }
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          name
              + " must be comma-separated CIDR blocks, IP addresses or host names: "
              + e.getMessage());
    }
    return entries;
  }

  private Optional<SecretKey> secretKey() {
    String value = env.get(SECRET_KEY);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(value.trim());
    } catch (IllegalArgumentException e) {
      key = new byte[0];
    }
    if (key.length != KEY_BYTES) {
      throw new ConfigException(
          SECRET_KEY
              + " must be the base64 of 32 random bytes (for example `openssl rand -base64 32`)");
    }
    return Optional.of(new SecretKeySpec(key, "AES"));
  }

  private Optional<SecurityConfig.TlsFiles> apiTls() {
    Optional<Path> cert = file(TLS_CERT);
    Optional<Path> key = file(TLS_KEY);
    if (cert.isPresent() != key.isPresent()) {
      throw new ConfigException(
          TLS_CERT + " and " + TLS_KEY + " go together: set both (PEM files) or neither");
    }
    return cert.map(c -> new SecurityConfig.TlsFiles(c, key.orElseThrow()));
  }

  private Path caBundle(Path path) {
    try (InputStream in = Files.newInputStream(path)) {
      if (CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
        throw new ConfigException(CA_BUNDLE + " holds no PEM certificate: " + path);
      }
    } catch (IOException | CertificateException e) {
      throw new ConfigException(
          CA_BUNDLE
              + " is not a readable PEM certificate file: "
              + path
              + " ("
              + e.getMessage()
              + ")");
    }
    return path;
  }

  private Optional<Path> file(String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    Path path = Path.of(value.trim());
    if (!Files.isReadable(path)) {
      throw new ConfigException(name + " names a file that cannot be read: " + path);
    }
    return Optional.of(path);
  }
}
