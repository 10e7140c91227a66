package io.cronwheel.store;

import io.cronwheel.model.SecretHeaders;
import io.cronwheel.model.Target;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Secret header values at rest: with a key ({@code CRONWHEEL_SECRET_KEY}), each is stored as {@link
 * SecretHeaders#SEALED_PREFIX} and the base64 of a random 12-byte nonce and its AES-256-GCM
 * ciphertext, bound to the header's name (so a value cannot be moved to another header); without
 * one, values are stored as given. Reading opens sealed values with the key; one that does not open
 * (another key, or none) is kept sealed, and {@link SecretHeaders#unopened} makes its job
 * unschedulable. Plain and sealed values may sit side by side, so rows written before a key was set
 * keep working. Thread-safe.
 */
public final class SecretBox {
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Stores secrets as given. */
  public static final SecretBox PLAIN = new SecretBox(Optional.empty());

  private final Optional<SecretKey> key;

  public SecretBox(Optional<SecretKey> key) {
    this.key = key;
  }

  public boolean encrypts() {
    return key.isPresent();
  }

  /** The target as stored: its secret values sealed when there is a key. */
  public Target seal(Target target) {
    if (key.isEmpty()) {
      return target;
    }
    Map<String, String> sealed = new LinkedHashMap<>();
    boolean changed = false;
    for (Map.Entry<String, String> header : target.headers().entrySet()) {
      String value = header.getValue();
      if (target.isSecret(header.getKey()) && !value.startsWith(SecretHeaders.SEALED_PREFIX)) {
        value = seal(header.getKey(), value);
        changed = true;
      }
      sealed.put(header.getKey(), value);
    }
    return changed ? target.withHeaders(sealed) : target;
  }

  /** The target as sent: its sealed values opened where the key opens them. */
  public Target open(Target target) {
    Map<String, String> opened = null;
    for (Map.Entry<String, String> header : target.headers().entrySet()) {
      String value = header.getValue();
      if (!value.startsWith(SecretHeaders.SEALED_PREFIX) || !target.isSecret(header.getKey())) {
        continue;
      }
      String plain = open(header.getKey(), value);
      if (plain != null) {
        if (opened == null) {
          opened = new LinkedHashMap<>(target.headers());
        }
        opened.put(header.getKey(), plain);
      }
    }
    return opened == null ? target : target.withHeaders(opened);
  }

  String seal(String name, String plain) {
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      RANDOM.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(Cipher.ENCRYPT_MODE, key.orElseThrow(), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(aad(name));
      byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.ISO_8859_1));
      ByteBuffer out = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed);
      return SecretHeaders.SEALED_PREFIX + Base64.getEncoder().encodeToString(out.array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /** The plain value, or null if it does not open with this box's key. */
  String open(String name, String sealed) {
    if (key.isEmpty()) {
      return null;
    }
    try {
      byte[] bytes =
          Base64.getDecoder().decode(sealed.substring(SecretHeaders.SEALED_PREFIX.length()));
      if (bytes.length <= NONCE_BYTES) {
        return null;
      }
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(
          Cipher.DECRYPT_MODE, key.get(), new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
      cipher.updateAAD(aad(name));
      byte[] plain = cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.ISO_8859_1);
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      return null;
    }
  }

  private static byte[] aad(String headerName) {
    return headerName.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
  }
}
