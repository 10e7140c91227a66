package io.cronwheel.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Mints tokens and hashes them. A token is {@value #PREFIX} and 256 random bits in URL-safe base64,
 * so it can be stored as a plain SHA-256 hash: nothing guessable is left to brute-force, and a
 * lookup is one indexed query. The prefix lets secret scanners recognise a leaked token.
 */
public final class Tokens {
  public static final String PREFIX = "cwt_";

  /** The shortest token accepted from {@code CRONWHEEL_ADMIN_TOKEN}. */
  public static final int MIN_LENGTH = 16;

  private static final SecureRandom RANDOM = new SecureRandom();

  private Tokens() {}

  public static String mint() {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
  }

  public static byte[] hash(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
