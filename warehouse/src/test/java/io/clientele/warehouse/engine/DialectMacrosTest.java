package io.clientele.warehouse.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden values for every {@link SqlDialect} macro, evaluated by a real engine: one subclass per
 * engine runs the same table, so both engines must give the same, hand-worked answer. The edge
 * cases: leap days, month ends (add_months clamps), year ends, negative differences, fractional
 * seconds, instants before 1970, NULL. Timestamps are wall-clock UTC (both sessions run in UTC).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DialectMacrosTest {

    private Engine engine;

    abstract Engine open(Path scratch);

    @BeforeAll
    void start(@TempDir Path dir) {
        engine = open(dir.resolve("scratch"));
    }

    @AfterAll
    void stop() {
        engine.close();
    }

    private static final String NULL_DATE = "CAST(NULL AS DATE)";
    private static final String NULL_TS = "CAST(NULL AS TIMESTAMP)";

    /** The macro expanded by the engine's dialect, evaluated once, the value normalized (see {@link #plain}). */
    private Object eval(String macro, String... args) {
        String sql = engine.dialect().expand(macro, List.of(args));
        assertThat(sql).as("%s is a macro", macro).isNotNull();
        return plain(engine.query("SELECT " + sql + " AS v").scalar());
    }

    /** Integers as Long and decimals as Double, so that BIGINT and INT, DOUBLE and DECIMAL compare alike. */
    private static Object plain(Object v) {
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigDecimal d) {
            return d.doubleValue();
        }
        return v;
    }

    private static LocalDate d(String iso) {
        return LocalDate.parse(iso);
    }

    private static LocalDateTime ts(String iso) {
        return LocalDateTime.parse(iso);
    }

    @Test
    void dateDiffDays() {
        assertThat(eval("date_diff_days", "DATE '2024-02-28'", "DATE '2024-03-01'"))
                .isEqualTo(2L); // 28 -> 29 -> 1
        assertThat(eval("date_diff_days", "DATE '2023-02-28'", "DATE '2023-03-01'"))
                .isEqualTo(1L); // no 29th in 2023
        assertThat(eval("date_diff_days", "DATE '2024-03-01'", "DATE '2024-02-28'"))
                .isEqualTo(-2L);
        assertThat(eval("date_diff_days", "DATE '2023-12-31'", "DATE '2024-01-01'"))
                .isEqualTo(1L);
        assertThat(eval("date_diff_days", "DATE '2024-01-01'", "DATE '2025-01-01'"))
                .isEqualTo(366L); // leap year
        // timestamps are taken as their dates: two seconds apart across midnight is one day
        assertThat(eval("date_diff_days", "TIMESTAMP '2024-01-01 23:59:59'", "TIMESTAMP '2024-01-02 00:00:01'"))
                .isEqualTo(1L);
        assertThat(eval("date_diff_days", NULL_DATE, "DATE '2024-01-01'")).isNull();
    }

    @Test
    void addDays() {
        assertThat(eval("add_days", "DATE '2024-02-28'", "1")).isEqualTo(d("2024-02-29"));
        assertThat(eval("add_days", "DATE '2024-02-28'", "2")).isEqualTo(d("2024-03-01"));
        assertThat(eval("add_days", "DATE '2024-03-01'", "-1")).isEqualTo(d("2024-02-29"));
        assertThat(eval("add_days", "DATE '2023-12-31'", "1")).isEqualTo(d("2024-01-01"));
        // back 365 days from 2024-01-01 is 2023-01-01 (2023 has 365), one more is 2022-12-31
        assertThat(eval("add_days", "DATE '2024-01-01'", "-366")).isEqualTo(d("2022-12-31"));
        assertThat(eval("add_days", "DATE '2024-01-01'", "0")).isEqualTo(d("2024-01-01"));
        // a timestamp argument counts as its date
        assertThat(eval("add_days", "TIMESTAMP '2024-01-31 23:59:59'", "1")).isEqualTo(d("2024-02-01"));
        assertThat(eval("add_days", NULL_DATE, "1")).isNull();
    }

    @Test
    void addDaysToATimestamp() {
        assertThat(eval("add_days_ts", "TIMESTAMP '2024-02-28 23:30:00'", "1")).isEqualTo(ts("2024-02-29T23:30:00"));
        assertThat(eval("add_days_ts", "TIMESTAMP '2024-03-01 00:00:00'", "-1")).isEqualTo(ts("2024-02-29T00:00:00"));
        // 30 days from 30 March: 31 March is +1, 1 April +2, ... 29 April +30. In UTC there is no DST
        // hour to gain or lose (Europe moved its clocks on 31 March 2024).
        assertThat(eval("add_days_ts", "TIMESTAMP '2024-03-30 12:00:00.123456'", "30"))
                .isEqualTo(ts("2024-04-29T12:00:00.123456"));
        assertThat(eval("add_days_ts", NULL_TS, "1")).isNull();
    }

    @Test
    void isoDayOfWeek() {
        // 2024-01-01 was a Monday; 2024-02-26 is 8 weeks later, also a Monday
        assertThat(eval("iso_day_of_week", "DATE '2024-01-01'")).isEqualTo(1L);
        assertThat(eval("iso_day_of_week", "DATE '2024-02-29'")).isEqualTo(4L); // Thursday
        assertThat(eval("iso_day_of_week", "DATE '2024-03-03'")).isEqualTo(7L); // Sunday is 7, not 0
        assertThat(eval("iso_day_of_week", "DATE '2023-12-30'")).isEqualTo(6L); // Saturday
        assertThat(eval("iso_day_of_week", NULL_DATE)).isNull();
    }

    @Test
    void monthStart() {
        assertThat(eval("month_start", "DATE '2024-02-29'")).isEqualTo(d("2024-02-01"));
        assertThat(eval("month_start", "DATE '2024-12-31'")).isEqualTo(d("2024-12-01"));
        assertThat(eval("month_start", "DATE '2024-01-01'")).isEqualTo(d("2024-01-01"));
        assertThat(eval("month_start", "TIMESTAMP '2024-03-31 23:59:59.999999'"))
                .isEqualTo(d("2024-03-01"));
        assertThat(eval("month_start", NULL_DATE)).isNull();
    }

    @Test
    void addMonthsClampsToTheMonthEnd() {
        assertThat(eval("add_months", "DATE '2024-01-31'", "1")).isEqualTo(d("2024-02-29")); // leap year
        assertThat(eval("add_months", "DATE '2023-01-31'", "1")).isEqualTo(d("2023-02-28"));
        assertThat(eval("add_months", "DATE '2024-02-29'", "12")).isEqualTo(d("2025-02-28"));
        assertThat(eval("add_months", "DATE '2024-03-31'", "-1")).isEqualTo(d("2024-02-29"));
        assertThat(eval("add_months", "DATE '2024-05-31'", "1")).isEqualTo(d("2024-06-30"));
        // a month end that is not the 31st stays the same day: the last day is not sticky
        assertThat(eval("add_months", "DATE '2024-02-29'", "1")).isEqualTo(d("2024-03-29"));
        assertThat(eval("add_months", "DATE '2024-01-15'", "-13")).isEqualTo(d("2022-12-15"));
        assertThat(eval("add_months", "DATE '2024-12-01'", "1")).isEqualTo(d("2025-01-01"));
        assertThat(eval("add_months", NULL_DATE, "1")).isNull();
    }

    @Test
    void secondsBetween() {
        // 23:00 on the 28th to 01:00 on 1 March 2024: 1 h + 24 h (the 29th) + 1 h = 26 h = 93600 s
        assertThat(eval("seconds_between", "TIMESTAMP '2024-02-28 23:00:00'", "TIMESTAMP '2024-03-01 01:00:00'"))
                .isEqualTo(93600.0);
        assertThat(eval("seconds_between", "TIMESTAMP '2024-03-01 01:00:00'", "TIMESTAMP '2024-02-28 23:00:00'"))
                .isEqualTo(-93600.0);
        assertThat(eval("seconds_between", "TIMESTAMP '2024-01-01 00:00:00'", "TIMESTAMP '2024-01-01 00:00:01.5'"))
                .isEqualTo(1.5);
        // through the night Europe moved its clocks (31 March 2024): UTC has no gap, 4 h = 14400 s
        assertThat(eval("seconds_between", "TIMESTAMP '2024-03-31 00:00:00'", "TIMESTAMP '2024-03-31 04:00:00'"))
                .isEqualTo(14400.0);
        // exactly 30 days, the complaint deadline: 30 × 86400 = 2592000
        assertThat(eval("seconds_between", "TIMESTAMP '2024-01-01 09:00:00'", "TIMESTAMP '2024-01-31 09:00:00'"))
                .isEqualTo(2592000.0);
        assertThat(eval("seconds_between", NULL_TS, "TIMESTAMP '2024-01-01 00:00:00'"))
                .isNull();
    }

    @Test
    void epochMicros() {
        assertThat(eval("epoch_micros", "TIMESTAMP '1970-01-01 00:00:00'")).isEqualTo(0L);
        assertThat(eval("epoch_micros", "TIMESTAMP '1970-01-01 00:00:01.000001'"))
                .isEqualTo(1_000_001L);
        assertThat(eval("epoch_micros", "TIMESTAMP '1969-12-31 23:59:59'")).isEqualTo(-1_000_000L);
        // 2024-01-01T00:00Z is 1704067200 s (19723 days); + 31 + 28 days = 29 Feb = 19782 days
        // = 1709164800 s; + 12 h (43200 s) = 1709208000 s
        assertThat(eval("epoch_micros", "TIMESTAMP '2024-02-29 12:00:00'")).isEqualTo(1_709_208_000_000_000L);
        assertThat(eval("epoch_micros", NULL_TS)).isNull();
    }

    @Test
    void sha256() {
        // FIPS 180-2 test vectors
        assertThat(eval("sha256", "'abc'"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(eval("sha256", "''")).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(eval("sha256", "CAST(NULL AS STRING)")).isNull();
    }

    @Test
    void stableKeyIsTheFirstSixtyBitsOfTheSha256() throws Exception {
        // 'abc' -> ba7816bf8f01cfe... : 0xba7816bf8f01cfe
        assertThat(eval("stable_key", "'abc'")).isEqualTo(0xba7816bf8f01cfeL);
        for (String s : List.of("", "C000001", "customer-ünïcödé", "x".repeat(200))) {
            long expected = firstSixtyBits(s);
            assertThat(expected).isPositive();
            assertThat(eval("stable_key", "'" + s + "'")).as(s).isEqualTo(expected);
        }
        assertThat(eval("stable_key", "CAST(NULL AS STRING)")).isNull();
    }

    /** Independently of the engines: the first 15 hex digits (60 bits) of the UTF-8 SHA-256. */
    private static long firstSixtyBits(String s) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        return Long.parseLong(HexFormat.of().formatHex(Arrays.copyOf(digest, 8)).substring(0, 15), 16);
    }

    @Test
    void monthText() {
        assertThat(eval("month_text", "DATE '2024-02-29'")).isEqualTo("2024-02");
        assertThat(eval("month_text", "DATE '2024-12-31'")).isEqualTo("2024-12");
        assertThat(eval("month_text", "DATE '0999-01-01'")).isEqualTo("0999-01"); // zero-padded year
        assertThat(eval("month_text", "TIMESTAMP '2024-01-31 23:59:59.999999'")).isEqualTo("2024-01");
        assertThat(eval("month_text", NULL_DATE)).isNull();
    }

    @Test
    void dateSeries() {
        String series = engine.dialect().expand("date_series", List.of("DATE '2024-02-27'", "DATE '2024-03-01'"));
        assertThat(engine.query("SELECT date_day FROM " + series + " s ORDER BY date_day")
                        .column("date_day"))
                .containsExactly(d("2024-02-27"), d("2024-02-28"), d("2024-02-29"), d("2024-03-01"));
        String oneDay = engine.dialect().expand("date_series", List.of("DATE '2024-12-31'", "DATE '2024-12-31'"));
        assertThat(engine.query("SELECT date_day FROM " + oneDay + " s").column("date_day"))
                .containsExactly(d("2024-12-31"));
        // a year of days, the leap year: 366
        String year = engine.dialect().expand("date_series", List.of("DATE '2024-01-01'", "DATE '2024-12-31'"));
        assertThat(plain(engine.query("SELECT count(*) FROM " + year + " s").scalar()))
                .isEqualTo(366L);
    }

    @Test
    void macrosNestThroughTheTemplate() {
        // the nesting the complaints mart uses: 11 months back from the start of D's month
        String inner = engine.dialect().expand("month_start", List.of("DATE '2024-02-29'"));
        assertThat(eval("add_months", inner, "-11")).isEqualTo(d("2023-03-01"));
    }
}
