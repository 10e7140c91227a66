package io.cronwheel.cron;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The precomputed timeline answers like ZoneRules, inside its 1900-2300 window and outside it. */
class ZoneTimelineTest {

  private static final long FROM_1850 = Instant.parse("1850-01-01T00:00:00Z").getEpochSecond();
  private static final long TO_2450 = Instant.parse("2450-01-01T00:00:00Z").getEpochSecond();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "America/New_York",
        "Europe/Berlin",
        "Australia/Lord_Howe",
        "Pacific/Apia",
        "Asia/Tokyo",
        "Asia/Kolkata",
        "Africa/Casablanca",
        "America/Santiago"
      })
  void timeline_agreesWithZoneRules(String zoneName) {
    ZoneRules rules = ZoneId.of(zoneName).getRules();
    ZoneTimeline timeline = ZoneTimeline.of(ZoneId.of(zoneName));
    Random random = new Random(zoneName.hashCode());
    for (int i = 0; i < 5_000; i++) {
      long t = FROM_1850 + (long) (random.nextDouble() * (TO_2450 - FROM_1850));
      Instant instant = Instant.ofEpochSecond(t);
      ZoneOffsetTransition next = rules.nextTransition(instant);
      ZoneOffsetTransition previous = rules.previousTransition(instant.plusSeconds(1));
      assertThat(timeline.offsetAt(t)).isEqualTo(rules.getOffset(instant).getTotalSeconds());
      assertThat(timeline.transitionAfter(t))
          .isEqualTo(next == null ? ZoneTimeline.NO_TRANSITION_AFTER : next.toEpochSecond());
      assertThat(timeline.transitionAtOrBefore(t))
          .isEqualTo(
              previous == null ? ZoneTimeline.NO_TRANSITION_BEFORE : previous.toEpochSecond());
      int segment = timeline.segmentIndex(t);
      if (segment >= 0) {
        assertThat(timeline.segmentStart(segment)).isEqualTo(previous.toEpochSecond());
        assertThat(timeline.segmentEnd(segment)).isEqualTo(next.toEpochSecond());
        assertThat(timeline.segmentOffset(segment))
            .isEqualTo(previous.getOffsetAfter().getTotalSeconds());
        assertThat(timeline.offsetBeforeSegment(segment))
            .isEqualTo(previous.getOffsetBefore().getTotalSeconds());
      }
    }
  }
}
