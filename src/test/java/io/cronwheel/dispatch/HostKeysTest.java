package io.cronwheel.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostKeysTest {
  @ParameterizedTest
  @CsvSource({
    "http://example.com:8080/hook, example.com:8080",
    "HTTP://Example.COM:8080/hook, example.com:8080",
    "https://API.Example.com/x, api.example.com:443",
    "http://example.com/x, example.com:80",
    "http://127.0.0.1:1/hook, 127.0.0.1:1",
    "http://[::1]:9000/hook, [::1]:9000",
    "https://example.com:443/x, example.com:443"
  })
  void parse_keysByLowercasedHostAndPort(String url, String hostKey) {
    assertThat(HostKeys.parse(url).hostKey()).isEqualTo(hostKey);
  }

  @Test
  void parse_keepsTheHostAsWrittenForTheRequest() {
    HostKeys.ParsedUrl parsed = HostKeys.parse("http://Mixed.Case.Example:81/p");

    assertThat(parsed.host()).isEqualTo("Mixed.Case.Example");
    assertThat(parsed.port()).isEqualTo(81);
    assertThat(parsed.hostKey()).isEqualTo("mixed.case.example:81");
  }

  @Test
  void parse_defaultsThePortTo80ForHttpAnd443ForHttps() {
    HostKeys.ParsedUrl http = HostKeys.parse("http://plain.example/a");
    HostKeys.ParsedUrl https = HostKeys.parse("https://secure.example/a");
    HostKeys.ParsedUrl upperHttps = HostKeys.parse("HTTPS://upper.example/a");

    assertThat(http.port()).isEqualTo(80);
    assertThat(http.ssl()).isFalse();
    assertThat(https.port()).isEqualTo(443);
    assertThat(https.ssl()).isTrue();
    assertThat(upperHttps.port()).isEqualTo(443);
    assertThat(upperHttps.ssl()).isTrue();
  }

  @Test
  void parse_keepsAnExplicitPortEvenIfItIsTheOtherSchemesDefault() {
    HostKeys.ParsedUrl parsed = HostKeys.parse("https://odd.example:80/a");

    assertThat(parsed.port()).isEqualTo(80);
    assertThat(parsed.ssl()).isTrue();
    assertThat(parsed.hostKey()).isEqualTo("odd.example:80");
  }

  @ParameterizedTest
  @CsvSource({
    "http://h.example/a/b, /a/b",
    "http://h.example/a%20b/c%2Fd, /a%20b/c%2Fd",
    "http://h.example/p?q=1%202&x=%C3%A9, /p?q=1%202&x=%C3%A9",
    "http://h.example/p?, /p?",
    "http://h.example/p#fragment, /p",
    "http://h.example/p?a=b#fragment, /p?a=b"
  })
  void parse_keepsPathAndQueryRawAndDropsTheFragment(String url, String requestUri) {
    assertThat(HostKeys.parse(url).requestUri()).isEqualTo(requestUri);
  }

  @ParameterizedTest
  @CsvSource({
    "http://h.example, /",
    "http://h.example:8080, /",
    "http://h.example?x=1, /?x=1",
    "https://h.example:8443?x=1&y, /?x=1&y"
  })
  void parse_usesSlashForAMissingPath(String url, String requestUri) {
    assertThat(HostKeys.parse(url).requestUri()).isEqualTo(requestUri);
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://bad host.example/x", "http://h.example/a b", "http://[::1/x"})
  void parse_fallsBackToTheWholeUrlWhenItDoesNotParse(String url) {
    HostKeys.ParsedUrl parsed = HostKeys.parse(url);

    assertThat(parsed).isEqualTo(new HostKeys.ParsedUrl(url, null, -1, false, url));
  }

  /**
   * {@link java.net.URI} accepts these but finds no host (an underscore makes the authority
   * registry-based). They must take the fallback, which sends the URL as written, rather than
   * become a request to the host named "null" on port 80.
   */
  @ParameterizedTest
  @ValueSource(strings = {"http://my_service:8080/hook", "http:/no-authority", "/relative", ""})
  void parse_fallsBackWhenTheUrlHasNoHost(String url) {
    HostKeys.ParsedUrl parsed = HostKeys.parse(url);

    assertThat(parsed.host()).isNull();
    assertThat(parsed.hostKey()).doesNotStartWith("null:");
  }

  @Test
  void parse_returnsTheCachedInstanceOnRepeat() {
    String url = "http://cached.example:8080/hook?x=1";
    HostKeys.ParsedUrl first = HostKeys.parse(url);

    assertThat(HostKeys.parse(url)).isSameAs(first);
    assertThat(HostKeys.parse(new String(url.toCharArray()))).isSameAs(first);
  }

  /** Jobs whose URLs change all the time (a fresh query string per change) must not grow it. */
  @Test
  void parse_keepsTheCacheBoundedInEntriesUnderManyDistinctUrls() {
    for (int i = 0; i < 3 * HostKeys.MAX_CACHED; i++) {
      HostKeys.parse("http://many.example/hook?n=" + i);
      assertThat(HostKeys.cachedCount()).isLessThanOrEqualTo(HostKeys.MAX_CACHED);
    }
  }

  @Test
  void parse_keepsTheCacheBoundedInCharactersUnderLongUrls() {
    String path = "/" + "p".repeat(HostKeys.MAX_CACHED_URL_CHARS - 64);
    for (int i = 0; i < 20_000; i++) {
      HostKeys.parse("http://long.example" + path + "?n=" + i);
      assertThat(HostKeys.cachedChars()).isLessThanOrEqualTo(HostKeys.MAX_CACHED_CHARS);
    }
  }

  @Test
  void parse_doesNotCacheAVeryLongUrl() {
    String url = "http://huge.example/" + "x".repeat(HostKeys.MAX_CACHED_URL_CHARS);

    HostKeys.ParsedUrl first = HostKeys.parse(url);

    assertThat(HostKeys.parse(url)).isNotSameAs(first).isEqualTo(first);
  }
}
