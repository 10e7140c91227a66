package io.cronwheel.model;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which hosts jobs and alerts may send to. By default every address is allowed except those no job
 * has business reaching: link-local addresses (where clouds serve instance credentials), the cloud
 * metadata addresses and names, the unspecified address, multicast and broadcast. An operator adds
 * entries to deny ({@code CRONWHEEL_TARGET_DENY}, for example every private range in a multi-tenant
 * install) or to allow ({@code CRONWHEEL_TARGET_ALLOW}); an allow entry wins over any deny entry.
 *
 * <p>A host name is decided first by its name (an allowed name is allowed whatever it resolves to;
 * a denied name is refused), then by every address it resolves to: one denied address, not also
 * allowed, refuses it. An IP literal is decided by its address. Name entries match the host
 * exactly, case-insensitively and without a trailing dot; {@code *.example.com} matches every name
 * under {@code example.com}. Immutable and thread-safe; never looks anything up.
 */
public final class TargetPolicy {
  /** The addresses refused by default (see the class comment). */
  public static final List<String> DEFAULT_DENIED_RANGES =
      List.of(
          "169.254.0.0/16", // IPv4 link-local, including 169.254.169.254 (AWS, GCP, Azure, OCI)
          "fe80::/10", // IPv6 link-local
          "100.100.100.200/32", // Alibaba Cloud metadata
          "fd00:ec2::254/128", // AWS metadata over IPv6
          "168.63.129.16/32", // Azure WireServer
          "0.0.0.0/8", // "this network": 0.0.0.0 reaches the local host on Linux
          "::/128", // unspecified
          "224.0.0.0/4", // IPv4 multicast
          "255.255.255.255/32", // broadcast
          "ff00::/8"); // IPv6 multicast

  /** The names refused by default: cloud metadata services. */
  public static final List<String> DEFAULT_DENIED_NAMES =
      List.of(
          "metadata.google.internal",
          "metadata.goog",
          "metadata",
          "instance-data",
          "instance-data.ec2.internal",
          "metadata.azure.internal");

  /** The default policy, with nothing added. */
  public static final TargetPolicy DEFAULT = new TargetPolicy(List.of(), List.of());

  private final List<AddressRange> deniedRanges = new ArrayList<>();
  private final List<String> deniedNames = new ArrayList<>();
  private final List<AddressRange> allowedRanges = new ArrayList<>();
  private final List<String> allowedNames = new ArrayList<>();

  /**
   * @param deny extra entries to refuse: CIDR blocks, addresses or host names
   * @param allow entries allowed even when denied
   * @throws IllegalArgumentException for an entry that is none of these
   */
  public TargetPolicy(List<String> deny, List<String> allow) {
    DEFAULT_DENIED_RANGES.forEach(range -> deniedRanges.add(AddressRange.parse(range)));
    deniedNames.addAll(DEFAULT_DENIED_NAMES);
    for (String entry : deny) {
      add(entry, deniedRanges, deniedNames);
    }
    for (String entry : allow) {
      add(entry, allowedRanges, allowedNames);
    }
  }

  /** Entries from a comma-separated setting: the policy's own syntax. */
  public static List<String> entries(String commaSeparated) {
    List<String> entries = new ArrayList<>();
    if (commaSeparated == null) {
      return entries;
    }
    for (String part : commaSeparated.split(",", -1)) {
      if (!part.isBlank()) {
        entries.add(part.trim());
      }
    }
    return entries;
  }

  private static void add(String entry, List<AddressRange> ranges, List<String> names) {
    String text = entry.trim();
    boolean looksLikeAddress =
        text.contains("/") || text.contains(":") || AddressRange.literal(text) != null;
    if (looksLikeAddress) {
      ranges.add(AddressRange.parse(text));
      return;
    }
    String name = hostName(text);
    String bare = name.startsWith("*.") ? name.substring(2) : name;
    if (bare.isEmpty()
        || !bare.matches(
            "[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*")) {
      throw new IllegalArgumentException(
          "'" + entry + "' is neither a CIDR block, an IP address nor a host name");
    }
    names.add(name);
  }

  /** What a decision by name alone says. */
  public enum ByName {
    /** Allowed by an allow entry: no address needs checking. */
    ALLOWED,
    /** Refused by a deny entry. */
    REFUSED,
    /** Neither: decided by the addresses it resolves to. */
    BY_ADDRESS
  }

  /** The decision on a host name (not an IP literal) by its name alone. */
  public ByName byName(String host) {
    String name = hostName(host);
    if (matchesName(allowedNames, name)) {
      return ByName.ALLOWED;
    }
    return matchesName(deniedNames, name) ? ByName.REFUSED : ByName.BY_ADDRESS;
  }

  /** Why {@code host} (a URL's host: a name, or an IP literal) is refused, or null. */
  public String refusal(String host) {
    InetAddress literal = AddressRange.literal(host);
    if (literal != null) {
      return refusal(literal);
    }
    return byName(host) == ByName.REFUSED
        ? host + " is a cloud metadata or denied host name, which the target policy denies"
        : null;
  }

  /**
   * Why the host name {@code host}, resolved to {@code addresses}, is refused, or null: by its name
   * first, then by every address.
   */
  public String refusal(String host, List<InetAddress> addresses) {
    ByName decision = byName(host);
    if (decision != ByName.BY_ADDRESS) {
      return decision == ByName.ALLOWED ? null : refusal(host);
    }
    for (InetAddress address : addresses) {
      AddressRange range = deniedBy(address);
      if (range != null) {
        return host + " resolves to " + address.getHostAddress() + ", in " + range + why(range);
      }
    }
    return null;
  }

  /** Why sending to {@code address} is refused, or null if it may be sent to. */
  public String refusal(InetAddress address) {
    AddressRange range = deniedBy(address);
    return range == null ? null : address.getHostAddress() + " is in " + range + why(range);
  }

  /** The deny entry that refuses {@code address}, unless an allow entry lets it through. */
  private AddressRange deniedBy(InetAddress address) {
    for (AddressRange range : allowedRanges) {
      if (range.contains(address)) {
        return null;
      }
    }
    for (AddressRange range : deniedRanges) {
      if (range.contains(address)) {
        return range;
      }
    }
    return null;
  }

  private static String why(AddressRange range) {
    return ", which the target policy denies (" + kind(range) + ")";
  }

  private static String kind(AddressRange range) {
    return switch (range.toString()) {
      case "169.254.0.0/16", "fe80::/10" -> "link-local, where cloud metadata lives";
      case "100.100.100.200/32", "fd00:ec2::254/128", "168.63.129.16/32" -> "cloud metadata";
      case "0.0.0.0/8", "::/128" -> "unspecified address";
      case "224.0.0.0/4", "ff00::/8", "255.255.255.255/32" -> "multicast or broadcast";
      default -> "CRONWHEEL_TARGET_DENY";
    };
  }

  private static boolean matchesName(List<String> entries, String name) {
    for (String entry : entries) {
      if (entry.startsWith("*.") ? name.endsWith(entry.substring(1)) : entry.equals(name)) {
        return true;
      }
    }
    return false;
  }

  private static String hostName(String host) {
    String name = host.toLowerCase(Locale.ROOT);
    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
  }
}
