package linkgate.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import linkgate.stats.StatsRange.Part;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StatsRangeTest {
  private static final Instant NOW = Instant.parse("2026-11-24T10:30:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private static int hour(String instant) {
    return (int) (Instant.parse(instant).toEpochMilli() / 3_600_000L);
  }

  private static int day(String instant) {
    return hour(instant) / 24;
  }

  private static StatsRange range(String from, String to) {
    return StatsRange.parse(from, to, CLOCK);
  }

  // ---- defaults and parsing

  @Test
  void parse_noParameters_last30DaysUpToNow() {
    StatsRange r = range(null, null);
    assertEquals(NOW, r.to());
    assertEquals(NOW.minus(Duration.ofDays(30)), r.from());
  }

  @Test
  void parse_emptyParameters_sameAsAbsent() {
    assertEquals(range(null, null), range("", ""));
  }

  @Test
  void parse_onlyFrom_toIsNow() {
    StatsRange r = range("2026-11-20T00:00:00Z", null);
    assertEquals(Instant.parse("2026-11-20T00:00:00Z"), r.from());
    assertEquals(NOW, r.to());
  }

  @Test
  void parse_onlyTo_fromIs30DaysEarlier() {
    StatsRange r = range(null, "2026-06-01T00:00:00Z");
    assertEquals(Instant.parse("2026-05-02T00:00:00Z"), r.from());
  }

  @Test
  void parse_offset_convertedToUtc() {
    StatsRange r = range("2026-11-24T11:00:00+01:00", "2026-11-24T09:00:00-03:00");
    assertEquals(Instant.parse("2026-11-24T10:00:00Z"), r.from());
    assertEquals(Instant.parse("2026-11-24T12:00:00Z"), r.to());
  }

  @Test
  void parse_plusOfOffsetDecodedAsSpace_readAsPlus() {
    // from=2026-11-24T11:00:00+01:00 sent without percent-encoding arrives with a space.
    StatsRange r = range("2026-11-24T11:00:00 01:00", "2026-11-24T12:00:00.5 01:00");
    assertEquals(Instant.parse("2026-11-24T10:00:00Z"), r.from());
    assertEquals(Instant.parse("2026-11-24T11:00:00.5Z"), r.to());
  }

  @Test
  void parse_fractionalSeconds_kept() {
    assertEquals(Instant.parse("2026-11-24T10:00:00.123Z"), range("2026-11-24T10:00:00.123Z", null).from());
  }

  @ParameterizedTest
  @ValueSource(strings = {"yesterday", "2026-11-24", "2026-11-24T10:00:00", "2026-11-24 10:00:00Z",
      "1732442400", "2026-13-01T00:00:00Z", "2026-11-24T25:00:00Z", "+12026-11-24T10:00:00Z", " "})
  void parse_notAnInstantWithOffset_throwsNamingParameterAndValue(String bad) {
    InvalidStatsQuery e = assertThrows(InvalidStatsQuery.class, () -> range(bad, null));
    assertTrue(e.getMessage().startsWith("from must be an ISO-8601 instant")
        || e.getMessage().startsWith("from must be in the years"), e.getMessage());
    InvalidStatsQuery e2 = assertThrows(InvalidStatsQuery.class, () -> range(null, bad));
    assertTrue(e2.getMessage().startsWith("to must be"), e2.getMessage());
  }

  @Test
  void parse_controlCharacterInValue_notEchoed() {
    InvalidStatsQuery e = assertThrows(InvalidStatsQuery.class, () -> range("x\ny", null));
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void parse_fromAfterTo_throws() {
    InvalidStatsQuery e = assertThrows(InvalidStatsQuery.class,
        () -> range("2026-11-24T10:00:00Z", "2026-11-24T09:59:59Z"));
    assertTrue(e.getMessage().contains("is after to"), e.getMessage());
  }

  @Test
  void parse_fromInFutureWithDefaultTo_throwsSayingToIsNow() {
    InvalidStatsQuery e = assertThrows(InvalidStatsQuery.class, () -> range("2027-01-01T00:00:00Z", null));
    assertTrue(e.getMessage().contains("to defaults to now"), e.getMessage());
  }

  @Test
  void parse_exactly400Days_accepted() {
    StatsRange r = range("2025-01-01T00:00:00Z", "2026-02-05T00:00:00Z");
    assertEquals(400 * 24, r.hours());
  }

  @Test
  void parse_longerThan400Days_throws() {
    InvalidStatsQuery e = assertThrows(InvalidStatsQuery.class,
        () -> range("2025-01-01T00:00:00Z", "2026-02-05T00:00:00.001Z"));
    assertTrue(e.getMessage().contains("longer than 400 days"), e.getMessage());
  }

  @Test
  void parse_year10000_throws() {
    assertThrows(InvalidStatsQuery.class, () -> range("+10000-01-01T00:00:00Z", "+10000-01-02T00:00:00Z"));
  }

  // ---- the hours a range covers

  @Test
  void of_toOnHourBoundary_excludesHourStartingAtTo() {
    StatsRange r = range("2026-11-24T09:00:00Z", "2026-11-24T10:00:00Z");
    assertEquals(hour("2026-11-24T09:00:00Z"), r.fromHour());
    assertEquals(hour("2026-11-24T10:00:00Z"), r.toHourExclusive());
    assertEquals(1, r.hours());
  }

  @Test
  void of_toJustAfterHourBoundary_includesThatHour() {
    assertEquals(2, range("2026-11-24T09:00:00Z", "2026-11-24T10:00:00.001Z").hours());
    assertEquals(2, StatsRange.of(Instant.parse("2026-11-24T09:00:00Z"),
        Instant.parse("2026-11-24T10:00:00Z").plusNanos(1)).hours());
  }

  @Test
  void of_fromAndToMidHour_coversEveryTouchedHour() {
    StatsRange r = range("2026-11-24T09:59:59Z", "2026-11-24T11:00:01Z");
    assertEquals(hour("2026-11-24T09:00:00Z"), r.fromHour());
    assertEquals(hour("2026-11-24T12:00:00Z"), r.toHourExclusive());
  }

  @Test
  void of_withinOneHour_coversThatHour() {
    StatsRange r = range("2026-11-24T09:10:00Z", "2026-11-24T09:20:00Z");
    assertEquals(1, r.hours());
    assertEquals(hour("2026-11-24T09:00:00Z"), r.fromHour());
  }

  @Test
  void of_fromEqualsTo_emptyEvenMidHour() {
    assertTrue(range("2026-11-24T09:00:00Z", "2026-11-24T09:00:00Z").isEmpty());
    StatsRange mid = range("2026-11-24T09:30:00Z", "2026-11-24T09:30:00Z");
    assertTrue(mid.isEmpty());
    assertEquals(List.of(), mid.parts());
  }

  @Test
  void of_beforeEpoch_floorsHours() {
    StatsRange r = range("1969-12-31T23:30:00Z", "1970-01-01T00:30:00Z");
    assertEquals(-1, r.fromHour());
    assertEquals(1, r.toHourExclusive());
  }

  // ---- whole days and edge hours

  @Test
  void parts_midDayToMidDay_edgeHoursAroundWholeDays() {
    StatsRange r = range("2026-11-20T10:15:00Z", "2026-11-23T05:30:00Z");
    assertEquals(List.of(
        new Part(false, hour("2026-11-20T10:00:00Z"), hour("2026-11-21T00:00:00Z")),
        new Part(true, day("2026-11-21T00:00:00Z"), day("2026-11-23T00:00:00Z")),
        new Part(false, hour("2026-11-23T00:00:00Z"), hour("2026-11-23T06:00:00Z"))), r.parts());
    assertEquals(new Part(true, day("2026-11-21T00:00:00Z"), day("2026-11-23T00:00:00Z")), r.wholeDays());
    assertEquals(2, r.edgeHours().size());
  }

  @Test
  void parts_alignedOnMidnights_onlyWholeDays() {
    StatsRange r = range("2026-11-20T00:00:00Z", "2026-11-22T00:00:00Z");
    assertEquals(List.of(new Part(true, day("2026-11-20T00:00:00Z"), day("2026-11-22T00:00:00Z"))), r.parts());
    assertEquals(List.of(), r.edgeHours());
  }

  @Test
  void parts_withinOneDay_oneHourPart() {
    StatsRange r = range("2026-11-20T03:00:00Z", "2026-11-20T07:00:00Z");
    assertEquals(List.of(new Part(false, hour("2026-11-20T03:00:00Z"), hour("2026-11-20T07:00:00Z"))), r.parts());
    assertEquals(new Part(true, 0, 0), r.wholeDays());
  }

  @Test
  void parts_wholeDayFromMidnightToMidnight_oneWholeDay() {
    StatsRange r = range("2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z");
    assertEquals(List.of(new Part(true, day("2026-11-20T00:00:00Z"), day("2026-11-21T00:00:00Z"))), r.parts());
  }

  @Test
  void parts_acrossOneMidnightWithoutWholeDay_splitAtMidnight() {
    StatsRange r = range("2026-11-20T01:00:00Z", "2026-11-21T23:00:00Z"); // 46 hours
    assertEquals(List.of(
        new Part(false, hour("2026-11-20T01:00:00Z"), hour("2026-11-21T00:00:00Z")),
        new Part(false, hour("2026-11-21T00:00:00Z"), hour("2026-11-21T23:00:00Z"))), r.parts());
  }

  @Test
  void parts_endingAtMidnight_noTrailingHours() {
    StatsRange r = range("2026-11-20T22:00:00Z", "2026-11-22T00:00:00Z");
    assertEquals(List.of(
        new Part(false, hour("2026-11-20T22:00:00Z"), hour("2026-11-21T00:00:00Z")),
        new Part(true, day("2026-11-21T00:00:00Z"), day("2026-11-22T00:00:00Z"))), r.parts());
  }

  @Test
  void parts_anyRange_coverEachHourOnceInOrderAndHourPartsStayInOneDay() {
    int base = hour("2026-11-20T00:00:00Z");
    for (int a = base; a < base + 50; a++) {
      for (int b = a; b < a + 80; b++) {
        StatsRange r = StatsRange.of(StatsRange.hourStart(a), StatsRange.hourStart(b));
        int next = a;
        for (Part p : r.parts()) {
          int start = p.wholeDays() ? p.start() * 24 : p.start();
          int end = p.wholeDays() ? p.end() * 24 : p.end();
          assertEquals(next, start, "gap or overlap in " + r.parts());
          assertTrue(start < end, "empty part in " + r.parts());
          if (!p.wholeDays()) {
            assertEquals(Math.floorDiv(start, 24), Math.floorDiv(end - 1, 24), "hour part spans days");
          }
          next = end;
        }
        assertEquals(b, next, "range not fully covered: " + r.parts());
      }
    }
  }

  // ---- buckets

  @Test
  void bucketDefault_upTo48Hours_hour() {
    assertEquals(Bucket.HOUR, Bucket.defaultFor(range("2026-11-20T00:00:00Z", "2026-11-22T00:00:00Z")));
  }

  @Test
  void bucketDefault_longerThan48Hours_day() {
    assertEquals(Bucket.DAY, Bucket.defaultFor(range("2026-11-20T00:00:00Z", "2026-11-22T00:00:00.001Z")));
    assertEquals(Bucket.DAY, Bucket.defaultFor(range(null, null)));
  }

  @Test
  void bucketParse_unknown_throws() {
    InvalidStatsQuery e = assertThrows(InvalidStatsQuery.class, () -> Bucket.parse("week", Bucket.DAY));
    assertTrue(e.getMessage().startsWith("bucket must be hour or day"), e.getMessage());
    assertThrows(InvalidStatsQuery.class, () -> Bucket.parse("HOUR", Bucket.DAY));
  }

  @Test
  void bucketParse_absent_givesDefault() {
    assertEquals(Bucket.DAY, Bucket.parse(null, Bucket.DAY));
    assertEquals(Bucket.HOUR, Bucket.parse("", Bucket.HOUR));
    assertEquals(Bucket.HOUR, Bucket.parse("hour", Bucket.DAY));
  }
}
