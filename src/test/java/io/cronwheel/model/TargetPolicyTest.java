package io.cronwheel.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TargetPolicyTest {
  private static InetAddress ip(String literal) {
    InetAddress address = AddressRange.literal(literal);
    assertThat(address).as(literal).isNotNull();
    return address;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "169.254.169.254",
        "169.254.0.1",
        "[::ffff:169.254.169.254]",
        "[::ffff:a9fe:a9fe]",
        "[::169.254.169.254]",
        "[64:ff9b::169.254.169.254]",
        "[fe80::1]",
        "[FE80::abcd:1]",
        "100.100.100.200",
        "[fd00:ec2::254]",
        "0.0.0.0",
        "[::]",
        "[::ffff:0.0.0.0]",
        "224.0.0.1",
        "255.255.255.255",
        "[ff02::1]"
      })
  void refusal_deniesLinkLocalMetadataUnspecifiedAndMulticastByDefault(String host) {
    assertThat(TargetPolicy.DEFAULT.refusal(host)).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "[::1]",
        "10.1.2.3",
        "192.168.0.10",
        "172.16.5.5",
        "[fc00::1]",
        "8.8.8.8",
        "[2001:db8::1]",
        "example.com",
        "localhost"
      })
  void refusal_allowsLoopbackPrivateAndPublicAddressesByDefault(String host) {
    assertThat(TargetPolicy.DEFAULT.refusal(host)).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "metadata.google.internal",
        "METADATA.google.internal.",
        "metadata",
        "instance-data",
        "metadata.goog"
      })
  void refusal_deniesCloudMetadataNamesWhateverTheirCase(String host) {
    assertThat(TargetPolicy.DEFAULT.byName(host)).isEqualTo(TargetPolicy.ByName.REFUSED);
    assertThat(TargetPolicy.DEFAULT.refusal(host)).contains(host);
  }

  @Test
  void refusal_namesTheAddressAndTheRangeThatDeniesIt() {
    assertThat(TargetPolicy.DEFAULT.refusal("[::ffff:169.254.169.254]"))
        .isEqualTo(
            "169.254.169.254 is in 169.254.0.0/16, which the target policy denies (link-local,"
                + " where cloud metadata lives)");
  }

  @Test
  void refusal_ofANameChecksEveryAddressItResolvesTo() {
    TargetPolicy policy = new TargetPolicy(List.of("127.0.0.0/8", "::1/128"), List.of());
    assertThat(policy.refusal("localhost", List.of(ip("127.0.0.1"))))
        .startsWith("localhost resolves to 127.0.0.1, in 127.0.0.0/8, which the target policy")
        .endsWith("(CRONWHEEL_TARGET_DENY)");
    assertThat(policy.refusal("dual", List.of(ip("8.8.8.8"), ip("[::1]"))))
        .as("one denied address among allowed ones refuses the name")
        .contains("::1");
    assertThat(policy.refusal("public", List.of(ip("8.8.8.8"), ip("[2001:db8::1]")))).isNull();
  }

  @Test
  void allow_winsOverTheDefaultsAndOverTheOperatorsDenyEntries() {
    TargetPolicy policy =
        new TargetPolicy(
            List.of("10.0.0.0/8", "*.corp.example"),
            List.of("10.1.0.0/16", "169.254.169.254", "api.corp.example", "metadata"));
    assertThat(policy.refusal("10.2.0.1")).isNotNull();
    assertThat(policy.refusal("10.1.9.9")).isNull();
    assertThat(policy.refusal("169.254.169.254")).isNull();
    assertThat(policy.refusal("[::ffff:169.254.169.254]")).isNull();
    assertThat(policy.refusal("169.254.1.1")).isNotNull();
    assertThat(policy.byName("db.corp.example")).isEqualTo(TargetPolicy.ByName.REFUSED);
    assertThat(policy.byName("API.corp.example")).isEqualTo(TargetPolicy.ByName.ALLOWED);
    assertThat(policy.refusal("api.corp.example", List.of(ip("10.2.0.1"))))
        .as("an allowed name is allowed whatever it resolves to")
        .isNull();
    assertThat(policy.byName("metadata")).isEqualTo(TargetPolicy.ByName.ALLOWED);
    assertThat(policy.byName("corp.example"))
        .as("a wildcard covers names under it, not the name itself")
        .isEqualTo(TargetPolicy.ByName.BY_ADDRESS);
  }

  @Test
  void ranges_matchByPrefixInTheirOwnFamily() {
    AddressRange v4 = AddressRange.parse("192.168.0.0/16");
    assertThat(v4.contains(ip("192.168.255.1"))).isTrue();
    assertThat(v4.contains(ip("192.169.0.1"))).isFalse();
    assertThat(v4.contains(ip("[::ffff:192.168.1.1]"))).isTrue();
    assertThat(v4.contains(ip("[2001:db8::1]"))).isFalse();
    AddressRange v6 = AddressRange.parse("fc00::/7");
    assertThat(v6.contains(ip("[fdff::1]"))).isTrue();
    assertThat(v6.contains(ip("[fe00::1]"))).isFalse();
    assertThat(v6.contains(ip("10.0.0.1"))).isFalse();
    assertThat(AddressRange.parse("::ffff:10.0.0.0/104").contains(ip("10.200.0.1")))
        .as("an IPv4 block written IPv4-mapped")
        .isTrue();
    assertThat(AddressRange.parse("0.0.0.0/0").contains(ip("203.0.113.9"))).isTrue();
    assertThat(AddressRange.parse("::1").contains(ip("[::1]"))).isTrue();
    assertThat(AddressRange.parse("::1").contains(ip("[::2]"))).isFalse();
  }

  @Test
  void literal_neverTakesANameOrALegacyNumberFormForAnAddress() {
    assertThat(AddressRange.literal("localhost")).isNull();
    assertThat(AddressRange.literal("2852039166")).isNull();
    assertThat(AddressRange.literal("0x7f.0.0.1")).isNull();
    assertThat(AddressRange.literal("127.1")).isNull();
    assertThat(AddressRange.literal("256.1.1.1")).isNull();
    assertThat(AddressRange.literal("[not:an:address]")).isNull();
    assertThat(AddressRange.literal("[::1]")).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"10.0.0.0/33", "::/129", "10.0.0.0/x", "300.1.1.1/8", "bad name!", "-x.com", ""})
  void entries_thatAreNoCidrAddressOrNameAreRefused(String entry) {
    assertThatThrownBy(
            () -> new TargetPolicy(List.of(entry + (entry.isEmpty() ? "/" : "")), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'");
  }

  @Test
  void entries_splitACommaSeparatedSettingAndSkipBlanks() {
    assertThat(TargetPolicy.entries(" 10.0.0.0/8, ,example.com,"))
        .containsExactly("10.0.0.0/8", "example.com");
    assertThat(TargetPolicy.entries(null)).isEmpty();
  }
}
