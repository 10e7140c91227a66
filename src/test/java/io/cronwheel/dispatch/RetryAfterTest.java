package io.cronwheel.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {
  private static final long NOW = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

  private static String httpDate(long epochMillis) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(
        ZonedDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC));
  }

  @ParameterizedTest
  @CsvSource({"0,0", "1,1000", "5,5000", "120,120000", "' 7 ',7000", "600,600000"})
  void parseMillis_readsDeltaSeconds(String header, long expectedMillis) {
    assertThat(RetryAfter.parseMillis(header, NOW)).isEqualTo(expectedMillis);
  }

  @ParameterizedTest
  @ValueSource(strings = {"601", "3600", "86400", "9223372036854775"})
  void parseMillis_capsDeltaSecondsAtMaxMillis(String header) {
    assertThat(RetryAfter.parseMillis(header, NOW)).isEqualTo(RetryAfter.MAX_MILLIS);
  }

  /** Seconds whose milliseconds do not fit a long must still be capped, not wrap to "now". */
  @ParameterizedTest
  @ValueSource(strings = {"9223372036854776", "9223372036854775807"})
  void parseMillis_capsDeltaSecondsWhoseMillisOverflowALong(String header) {
    assertThat(RetryAfter.parseMillis(header, NOW)).isEqualTo(RetryAfter.MAX_MILLIS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "-120"})
  void parseMillis_negativeSecondsMeanRetryAtOnce(String header) {
    assertThat(RetryAfter.parseMillis(header, NOW)).isZero();
  }

  @Test
  void parseMillis_readsAnHttpDateInTheFutureAsTheWaitUntilIt() {
    assertThat(RetryAfter.parseMillis(httpDate(NOW + 90_000), NOW)).isEqualTo(90_000);
    assertThat(RetryAfter.parseMillis("Thu, 01 Jan 2026 00:00:30 GMT", NOW)).isEqualTo(30_000);
  }

  @Test
  void parseMillis_measuresAnHttpDateFromTheGivenNow() {
    String header = httpDate(NOW + 90_000);
    assertThat(RetryAfter.parseMillis(header, NOW + 60_000)).isEqualTo(30_000);
    assertThat(RetryAfter.parseMillis(header, NOW + 89_500)).isEqualTo(500);
  }

  @Test
  void parseMillis_readsAnHttpDateInThePastAsRetryAtOnce() {
    assertThat(RetryAfter.parseMillis(httpDate(NOW - 1_000), NOW)).isZero();
    assertThat(RetryAfter.parseMillis("Sun, 06 Nov 1994 08:49:37 GMT", NOW)).isZero();
  }

  @Test
  void parseMillis_capsAFarHttpDateAtMaxMillis() {
    assertThat(RetryAfter.parseMillis(httpDate(NOW + 3_600_000), NOW))
        .isEqualTo(RetryAfter.MAX_MILLIS);
    assertThat(RetryAfter.parseMillis(httpDate(NOW + RetryAfter.MAX_MILLIS), NOW))
        .isEqualTo(RetryAfter.MAX_MILLIS);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "soon",
        "5s",
        "1.5",
        "0x10",
        "Thursday, 01-Jan-26 00:00:30 GMT", // RFC 850: obsolete, not read
        "2026-01-01T00:00:30Z",
        "Thu, 32 Jan 2026 00:00:30 GMT"
      })
  void parseMillis_returnsMinusOneForGarbage(String header) {
    assertThat(RetryAfter.parseMillis(header, NOW)).isEqualTo(-1);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {" ", "\t", "  \n "})
  void parseMillis_returnsMinusOneForAMissingOrBlankHeader(String header) {
    assertThat(RetryAfter.parseMillis(header, NOW)).isEqualTo(-1);
  }
}
