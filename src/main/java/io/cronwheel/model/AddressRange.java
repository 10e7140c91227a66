package io.cronwheel.model;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * A CIDR block ({@code 10.0.0.0/8}, {@code fe80::/10}) or one address (a {@code /32} or {@code
 * /128}). IPv4 addresses written in IPv6 forms (IPv4-mapped {@code ::ffff:a.b.c.d}, IPv4-compatible
 * {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::a.b.c.d}) are matched as the IPv4 address they carry, so
 * {@code 169.254.0.0/16} also covers {@code [::ffff:169.254.169.254]}. Immutable.
 */
public final class AddressRange {
  private static final Pattern IPV4 =
      Pattern.compile(
          "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final byte[] NAT64_PREFIX = {
    0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0
  };

  private final byte[] network;
  private final int prefixLength;
  private final String text;

  private AddressRange(byte[] network, int prefixLength, String text) {
    this.network = network;
    this.prefixLength = prefixLength;
    this.text = text;
  }

  /**
   * {@code address[/prefix]}; throws {@link IllegalArgumentException} with a reason for anything
   * else (never a DNS lookup).
   */
  public static AddressRange parse(String cidr) {
    String trimmed = cidr.trim();
    int slash = trimmed.indexOf('/');
    String addressText = slash < 0 ? trimmed : trimmed.substring(0, slash);
    InetAddress address = literal(addressText);
    if (address == null) {
      throw new IllegalArgumentException("'" + cidr + "' is not an IP address or CIDR block");
    }
    byte[] bytes = normalized(address);
    boolean writtenAsIpv6 = addressText.contains(":");
    int max = writtenAsIpv6 ? 128 : 32;
    int prefix = max;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(trimmed.substring(slash + 1));
      } catch (NumberFormatException e) {
        prefix = -1;
      }
      if (prefix < 0 || prefix > max) {
        throw new IllegalArgumentException("'" + cidr + "' has a prefix length outside 0-" + max);
      }
      // An IPv4 block written in an IPv6 form (::ffff:10.0.0.0/104) counts in IPv4 bits.
      if (writtenAsIpv6 && bytes.length == 4) {
        prefix = Math.max(0, prefix - 96);
      }
    }
    if (!writtenAsIpv6 || bytes.length == 16 || slash < 0) {
      prefix = Math.min(prefix, bytes.length * 8);
    }
    return new AddressRange(masked(bytes, prefix), prefix, trimmed);
  }

  /**
   * The address an IP literal denotes ({@code 10.1.2.3}, {@code [::1]}, {@code ::1}), or null for
   * anything else, such as a host name. Never looks anything up.
   */
  public static InetAddress literal(String host) {
    String text = host;
    if (text.startsWith("[") && text.endsWith("]")) {
      text = text.substring(1, text.length() - 1);
    } else if (!text.contains(":") && !IPV4.matcher(text).matches()) {
      return null;
    }
    if (text.contains(":") && (text.contains("%") || !text.matches("[0-9A-Fa-f:.]+"))) {
      return null;
    }
    try {
      // A bracketed IPv6 literal, or a strict dotted quad: parsed, never resolved.
      return InetAddress.getByName(text.contains(":") ? "[" + text + "]" : text);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** The bytes matched: 4 for IPv4 and IPv4 carried in IPv6, else 16. */
  static byte[] normalized(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (address instanceof Inet4Address || bytes.length != 16) {
      return bytes;
    }
    boolean zeros80 = true;
    for (int i = 0; i < 10; i++) {
      zeros80 &= bytes[i] == 0;
    }
    boolean mapped = zeros80 && bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    // ::a.b.c.d (deprecated), but not :: or ::1, which are IPv6's own.
    boolean compatible = zeros80 && bytes[10] == 0 && bytes[11] == 0 && bytes[12] != 0;
    boolean nat64 = true;
    for (int i = 0; i < NAT64_PREFIX.length; i++) {
      nat64 &= bytes[i] == NAT64_PREFIX[i];
    }
    if (mapped || compatible || nat64) {
      return new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]};
    }
    return bytes;
  }

  public boolean contains(InetAddress address) {
    return contains(normalized(address));
  }

  boolean contains(byte[] bytes) {
    if (bytes.length != network.length) {
      return false;
    }
    return java.util.Arrays.equals(masked(bytes, prefixLength), network);
  }

  private static byte[] masked(byte[] bytes, int prefix) {
    byte[] out = bytes.clone();
    for (int i = 0; i < out.length; i++) {
      int bits = Math.max(0, Math.min(8, prefix - i * 8));
      out[i] = (byte) (out[i] & (0xff << (8 - bits)));
    }
    return out;
  }

  @Override
  public String toString() {
    return text;
  }
}
