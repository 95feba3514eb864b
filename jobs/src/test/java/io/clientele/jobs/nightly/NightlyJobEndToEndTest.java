package io.clientele.jobs.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.jobs.PublishedWarehouse;
import io.clientele.jobs.cli.ClienteleCli;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly job end to end, through the CLI, on a hand-written extract: twelve customers
 * over January–March 2026, run for D = 2026-04-02 with inactivity-days = 30 so that churn
 * happens within three months. Every expected number below was worked out by hand from
 * the files in src/test/resources/fixtures/three-months.
 *
 * <pre>
 * purchases (completed, net revenue &gt; 0), by day:
 *   C01 01-05 100 (2×40 − 5 + 25), 02-10 50, 03-15 70    (04-05 999 is after D: ignored)
 *   C02 01-10 200                C03 01-20 80, 03-05 40
 *   C04 02-03 30 (01-25 cancelled: no purchase)
 *   C05 02-01 120, 02-20 30      C06 02-14 returned: none    C07 02-28 45
 *   C08 03-02 300                C09 03-31 25 (22:00+00:00)  C10 03-10 55 (01-15 nets 0: none)
 *   C11 none; contract 2026-01-01, cancelled 2026-02-15 → covers Jan 31, not Feb 28
 *   C12 04-01 30 (created 03-20)
 * active on day d: d − last purchase &lt; 30, or a contract covers d
 *   Jan 31: C01 (26 d), C02 (21), C03 (11), C11 (contract)                    → 4
 *   Feb 28: C01 (18), C04 (25), C05 (8), C07 (0); C02 49, C03 39, C11 cancelled → 4
 *   Mar 31: C01 (16), C03 (26), C08 (29 &lt; 30), C09 (0), C10 (21); C07 31 ≥ 30 → 5
 * </pre>
 */
class NightlyJobEndToEndTest {

    static final Path FIXTURE =
            Path.of("src/test/resources/fixtures/three-months").toAbsolutePath();

    @TempDir
    static Path warehouse;

    @BeforeAll
    static void shortInactivity() {
        System.setProperty("clientele.inactivity-days", "30");
    }

    @AfterAll
    static void defaults() {
        System.clearProperty("clientele.inactivity-days");
    }

    private static int run(Path dir, String engine) {
        return ClienteleCli.execute(
                "run",
                "--date",
                "2026-04-02",
                "--inbox",
                FIXTURE.toString(),
                "--engine",
                engine,
                "--warehouse",
                dir.toString());
    }

    @Test
    void churnAndCohortsMatchTheHandComputedNumbers() {
        assertThat(run(warehouse, "duckdb")).isZero();
        PublishedWarehouse published = new PublishedWarehouse(warehouse);

        // month, Cb, Cn, Ce, Cl, retention = (Ce − Cn)/Cb, churn = Cl/Cb
        //   Jan: Cb 0 (nobody active Dec 31), Cn 4, Ce 4, Cl 0 → rates null
        //   Feb: Cb 4 {C01,C02,C03,C11}, Cl 3 {C02,C03,C11}, Cn 3 {C04,C05,C07}, Ce 4 = 4 − 3 + 3
        //        retention (4 − 3)/4 = 0.25, churn 3/4 = 0.75
        //        revenue churn: 12 months before Feb = Jan: lost C02 200 + C03 80 + C11 0 = 280,
        //        of Cb 280 + C01 100 = 380 → 280/380 = 0.736842105
        //   Mar: Cb 4 {C01,C04,C05,C07}, Cl 3 {C04,C05,C07}, Cn 4 {C03,C08,C09,C10}, Ce 5 = 4 − 3 + 4
        //        retention (5 − 4)/4 = 0.25, churn 0.75
        //        revenue churn over Jan–Feb: lost C04 30 + C05 150 + C07 45 = 225, of Cb 225 + C01 150 = 375 → 0.6
        //   Apr is D's partial month: not a churn month.
        assertThat(published.rows("""
                SELECT CAST(month AS VARCHAR), customers_start, new_customers, customers_end, lost_customers,
                       retention_rate, churn_rate, revenue_churn
                FROM mart_churn_monthly WHERE segment_kind = 'all' AND segment = 'all' ORDER BY month"""))
                .containsExactly(
                        List.of("2026-01-01", "0", "4", "4", "0", "NULL", "NULL", "NULL"),
                        List.of("2026-02-01", "4", "3", "4", "3", "0.25", "0.75", "0.736842105"),
                        List.of("2026-03-01", "4", "4", "5", "3", "0.25", "0.75", "0.6"));

        // cohort = month of first purchase; active in month k = a purchase in cohort + k
        //   Jan {C01,C02,C03}: k0 3, 380 (100+200+80); k1 C01 50; k2 C01 70 + C03 40 = 110; k3 (Apr, partial) 0
        //   Feb {C04,C05,C07}: k0 3, 225 (30+150+45); k1 0 (kept with 0); k2 partial 0
        //   Mar {C08,C09,C10}: k0 3, 380 (300+25+55); k1 partial 0
        //   Apr {C12}: k0 1, 30, partial
        assertThat(published.rows("""
                SELECT CAST(cohort_month AS VARCHAR), months_since_first, cohort_size, active_customers,
                       retention_rate, revenue, revenue_retention, is_partial
                FROM mart_cohort_retention ORDER BY cohort_month, months_since_first"""))
                .containsExactly(
                        List.of("2026-01-01", "0", "3", "3", "1", "380", "1", "false"),
                        List.of("2026-01-01", "1", "3", "1", "0.333333333", "50", "0.131578947", "false"),
                        List.of("2026-01-01", "2", "3", "2", "0.666666667", "110", "0.289473684", "false"),
                        List.of("2026-01-01", "3", "3", "0", "0", "0", "0", "true"),
                        List.of("2026-02-01", "0", "3", "3", "1", "225", "1", "false"),
                        List.of("2026-02-01", "1", "3", "0", "0", "0", "0", "false"),
                        List.of("2026-02-01", "2", "3", "0", "0", "0", "0", "true"),
                        List.of("2026-03-01", "0", "3", "3", "1", "380", "1", "false"),
                        List.of("2026-03-01", "1", "3", "0", "0", "0", "0", "true"),
                        List.of("2026-04-01", "0", "1", "1", "1", "30", "1", "true"));

        // C01: three purchases by D (the 999 order on 04-05 is after D), 100 + 50 + 70 = 220;
        // C06 only returned, C11 only a contract, C12 bought on 04-01: C06 and C11 are prospects.
        assertThat(published.rows("""
                SELECT customer_id, orders, CAST(revenue AS DECIMAL(18,2)), lifecycle_stage FROM mart_customer_value
                WHERE customer_id IN ('C01', 'C06', 'C11') ORDER BY customer_id"""))
                .containsExactly(
                        List.of("C01", "3", "220", "active"),
                        List.of("C06", "0", "0", "prospect"),
                        List.of("C11", "0", "0", "prospect"));

        // The snapshot carries the latest answer on or before each month's end (D for April)
        // forward: S1 CSAT 5 from C01 on 01-06 in C01's months January–April, S2 NPS 3 from C02
        // on 02-21 in C02's months February–April; no other answers are given by D.
        assertThat(published.rows("""
                SELECT customer_id, CAST(month_start AS VARCHAR), latest_csat, latest_nps FROM fact_customer_month
                WHERE latest_csat IS NOT NULL OR latest_nps IS NOT NULL ORDER BY 1, 2"""))
                .containsExactly(
                        List.of("C01", "2026-01-01", "5", "NULL"),
                        List.of("C01", "2026-02-01", "5", "NULL"),
                        List.of("C01", "2026-03-01", "5", "NULL"),
                        List.of("C01", "2026-04-01", "5", "NULL"),
                        List.of("C02", "2026-02-01", "NULL", "3"),
                        List.of("C02", "2026-03-01", "NULL", "3"),
                        List.of("C02", "2026-04-01", "NULL", "3"));

        // The complaint closed on 04-10, after D, is open on D.
        assertThat(published.rows("SELECT complaint_id, status, is_closed FROM fact_complaint ORDER BY 1"))
                .containsExactly(List.of("CP1", "resolved", "true"), List.of("CP2", "open", "false"));
        assertThat(published.tables())
                .contains(
                        "dim_date",
                        "dim_customer",
                        "dim_product",
                        "fact_order_line",
                        "fact_complaint",
                        "etl_rejects",
                        "mart_cohort_retention",
                        "mart_churn_monthly",
                        "mart_customer_value");
    }
}
