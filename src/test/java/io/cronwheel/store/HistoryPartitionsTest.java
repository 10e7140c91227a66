package io.cronwheel.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.store.HistoryPartitions.Range;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryPartitionsTest {
  private static final Instant NOW = Instant.parse("2026-12-05T14:20:00Z");
  private final HistoryPartitions hourly =
      new HistoryPartitions(Duration.ofHours(1), Duration.ofDays(7));

  @Test
  void anEmptyTable_getsTheCurrentIntervalAndTwoAhead() {
    assertThat(hourly.toCreate(List.of(), NOW))
        .extracting(Range::name, Range::from, Range::to)
        .containsExactly(
            tuple("executions_20261205_1400", "2026-12-05T14:00:00Z", "2026-12-05T15:00:00Z"),
            tuple("executions_20261205_1500", "2026-12-05T15:00:00Z", "2026-12-05T16:00:00Z"),
            tuple("executions_20261205_1600", "2026-12-05T16:00:00Z", "2026-12-05T17:00:00Z"));
  }

  @Test
  void creation_continuesAfterTheLatestRange_withoutGaps_evenFromAnUnalignedBound() {
    // The migrated legacy table ends on the database's local hour: 14:30 UTC in India.
    Range legacy = new Range("executions_legacy", null, Instant.parse("2026-12-05T14:30:00Z"));
    assertThat(hourly.toCreate(List.of(legacy), NOW))
        .extracting(Range::from, Range::to)
        .containsExactly(
            tuple("2026-12-05T14:30:00Z", "2026-12-05T15:00:00Z"),
            tuple("2026-12-05T15:00:00Z", "2026-12-05T16:00:00Z"),
            tuple("2026-12-05T16:00:00Z", "2026-12-05T17:00:00Z"));
  }

  @Test
  void whatIsAlreadyFarEnoughAhead_getsNothingNew() {
    List<Range> existing = hourly.toCreate(List.of(), NOW);
    assertThat(hourly.toCreate(existing, NOW.plusSeconds(30 * 60))).isEmpty();
    assertThat(hourly.toCreate(existing, NOW.plusSeconds(60 * 60)))
        .extracting(Range::name)
        .containsExactly("executions_20261205_1700");
  }

  @Test
  void afterADowntimeLongerThanTheRetention_theGapIsNotFilledWithExpiredRanges() {
    HistoryPartitions shortLived =
        new HistoryPartitions(Duration.ofMinutes(5), Duration.ofMinutes(15));
    Range old =
        new Range(
            "executions_20261201_0000",
            Instant.parse("2026-12-01T00:00:00Z"),
            Instant.parse("2026-12-01T00:05:00Z"));
    List<Range> created = shortLived.toCreate(List.of(old), NOW);
    assertThat(created.get(0).from()).isEqualTo(Instant.parse("2026-12-05T14:20:00Z"));
    assertThat(created.get(created.size() - 1).to())
        .isAfterOrEqualTo(NOW.plus(HistoryPartitions.MIN_AHEAD));
  }

  @Test
  void aShortDowntime_isFilledSoReplayedSecondsFindTheirPartition() {
    Range last =
        new Range(
            "executions_20261205_1100",
            Instant.parse("2026-12-05T11:00:00Z"),
            Instant.parse("2026-12-05T12:00:00Z"));
    assertThat(hourly.toCreate(List.of(last), NOW))
        .extracting(Range::name)
        .startsWith(
            "executions_20261205_1200", "executions_20261205_1300", "executions_20261205_1400");
  }

  @Test
  void expired_areTheRangesWhollyOlderThanTheRetention_oldestFirst_neverOneReachingIntoIt() {
    HistoryPartitions quarter =
        new HistoryPartitions(Duration.ofMinutes(5), Duration.ofMinutes(15));
    List<Range> ranges = quarter.toCreate(List.of(), NOW.minusSeconds(3600));
    List<Range> expired = quarter.expired(ranges, NOW);
    assertThat(expired).isNotEmpty();
    assertThat(expired)
        .allSatisfy(r -> assertThat(r.to()).isBeforeOrEqualTo(NOW.minusSeconds(900)));
    assertThat(ranges)
        .filteredOn(r -> !expired.contains(r))
        .allSatisfy(r -> assertThat(r.to()).isAfter(NOW.minusSeconds(900)));
    assertThat(expired.get(0).to()).isBefore(expired.get(expired.size() - 1).to());
    Range legacy = new Range("executions_legacy", null, NOW.minusSeconds(901));
    assertThat(quarter.expired(List.of(legacy), NOW)).containsExactly(legacy);
  }

  @Test
  void aZeroRetention_keepsEverything() {
    HistoryPartitions forever = new HistoryPartitions(Duration.ofHours(1), Duration.ZERO);
    List<Range> ranges = forever.toCreate(List.of(), NOW.minusSeconds(86_400 * 30));
    assertThat(forever.expired(ranges, NOW)).isEmpty();
  }

  private static org.assertj.core.groups.Tuple tuple(String name, String from, String to) {
    return org.assertj.core.groups.Tuple.tuple(name, Instant.parse(from), Instant.parse(to));
  }

  private static org.assertj.core.groups.Tuple tuple(String from, String to) {
    return org.assertj.core.groups.Tuple.tuple(Instant.parse(from), Instant.parse(to));
  }
}
