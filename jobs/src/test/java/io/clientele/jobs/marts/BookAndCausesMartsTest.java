package io.clientele.jobs.marts;

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
 * The book-of-business and complaint-cause marts and the win-back view end to end, through
 * the CLI, on a hand-written extract of eight customers, run for D = 2026-03-10 with
 * inactivity-days = 60. Every expected number below was worked out by hand from the files
 * in src/test/resources/fixtures/book.
 *
 * <pre>
 * owners as of D: A1, A2, A3 Mia; B1, B2 Noah; C1 Ola (was Mia until its 2025-06-01 version);
 *                 U1 none → unknown
 * purchases (completed, net revenue &gt; 0), by day:
 *   A1 2025-01-20 100, 02-15 50, 04-10 120 (2×50 − 5 + 25), 06-01 30, 2026-01-25 200, 03-05 40
 *      (2026-03-11 500 is after D)                          gaps 26, 54, 52, 238, 39 days
 *   A2 2025-02-01 300, 05-20 150                             gap 108
 *   A3 none (2025-07-01 cancelled): a prospect
 *   B1 2024-11-10 500, 2025-03-15 60, 2026-02-20 130 (2025-09-01 70 returned)   gaps 125, 342
 *   B2 2025-01-10 40, 02-25 40, 04-01 45 (00:30), 05-15 50, 07-01 55, 08-20 60, 10-10 65, 12-01 70,
 *      2026-01-20 75, 03-10 80 (23:30, on D)                gaps 46, 35, 44, 47, 50, 51, 52, 50, 49
 *   C1 2025-01-05 1000
 *   U1 2025-12-01 25.50 (2025-12-15 nets 10 − 10 = 0: not a purchase)
 * active on day d: d − last purchase &lt; 60 (no contracts here)
 *   2025-02-28 (the day before the 12 complete months Mar 2025 … Feb 2026):
 *     A1 13 d, A2 27, B2 3, C1 54 → active; B1 110 no; A3, U1 never bought yet
 *   2026-02-28 (the window's last day): A1 34, B1 8, B2 39 → active; A2, C1 long gone; U1 89 no
 *   2026-03-10 = D: A1 5, B1 18, B2 0 → active; U1 99 no
 * complaints received by the end of D (Q9 on 2026-03-11 is after it):
 *   Q1 A1 2025-06-10 courier, resolved, 15      Q2 A2 2025-05-25 courier, resolved, 25
 *   Q3 A2 2025-10-01 courier, rejected, none    Q4 B1 2025-03-20 billing_error, resolved, 5
 *   Q5 B2 2025-08-25 billing_error, resolved, 10
 *   Q6 B2 2026-01-05 courier, open, 99 (open: not counted)
 *   Q7 A3 2026-02-01 no cause → unknown, open
 *   Q8 U1 2026-01-10 no cause → unknown, resolved 2026-03-20 — after D, so open on D; its 7 not counted
 * </pre>
 */
class BookAndCausesMartsTest {

    static final Path FIXTURE = Path.of("src/test/resources/fixtures/book").toAbsolutePath();

    @TempDir
    static Path warehouse;

    static PublishedWarehouse published;

    @BeforeAll
    static void runTheNight() {
        System.setProperty("clientele.inactivity-days", "60");
        try {
            assertThat(ClienteleCli.execute(
                            "run",
                            "--date",
                            "2026-03-10",
                            "--inbox",
                            FIXTURE.toString(),
                            "--warehouse",
                            warehouse.toString()))
                    .isZero();
        } finally {
            System.clearProperty("clientele.inactivity-days");
        }
        published = new PublishedWarehouse(warehouse);
    }

    @AfterAll
    static void defaults() {
        System.clearProperty("clientele.inactivity-days");
    }

    @Test
    void bookOfBusinessMatchesTheHandComputedNumbers() {
        // revenue_12m and complaints_12m: 2025-04-01 (D's month and the 11 before) … D
        //   A1 120 + 30 + 200 + 40 = 390 (01-20, 02-15 are before the window; 03-11 after D)
        //   A2 150 (05-20; 02-01 is before)   B1 130 (03-15 is before; the return is no purchase)
        //   B2 45 (04-01 00:30 is in) + 50 + 55 + 60 + 65 + 70 + 75 + 80 = 500   C1 0   U1 25.50
        //   complaints: Mia Q1, Q2, Q3 (A1, A2) + Q7 (A3) = 4; Noah Q5, Q6 = 2 (Q4 of 2025-03-20 is before);
        //   Ola 0 (Q9 is after D); unknown Q8 = 1
        // churn over the 12 complete months Mar 2025 … Feb 2026: active 2025-02-28 → not active 2026-02-28
        //   Mia  start {A1, A2}, lost {A2} → 1/2 = 0.5
        //   Noah start {B2} (B1 was inactive then), lost none → 0/1 = 0
        //   Ola  start {C1}, lost {C1} → 1/1 = 1
        //   unknown start none → null
        // customers: Mia {A1, A2, A3} = 3 (A3 a prospect; C1 is Ola's as of D), Noah 2, Ola 1, unknown 1
        // active on D: Mia {A1} 1, Noah {B1, B2} 2, Ola 0, unknown 0
        // book_value: the BG/NBD has no interior maximum on these six purchasers (model_fit says so), so there
        // is no predicted CLV and book_value falls back to revenue_12m, book_value_basis saying so
        assertThat(published.rows("SELECT parameter FROM model_fit WHERE model = 'bg_nbd'"))
                .containsExactly(List.of("not_fitted:no_interior_maximum"));
        assertThat(published.rows("""
                SELECT account_owner, customers, active_customers, revenue_12m, customers_start_12m,
                       lost_customers_12m, churn_rate_12m, complaints_12m, book_value, book_value_basis,
                       CAST(as_of_date AS VARCHAR)
                FROM mart_book_of_business ORDER BY account_owner"""))
                .containsExactly(
                        List.of(
                                "Mia",
                                "3",
                                "1",
                                "540",
                                "2",
                                "1",
                                "0.5",
                                "4",
                                "540",
                                "historical_revenue_12m",
                                "2026-03-10"),
                        List.of(
                                "Noah",
                                "2",
                                "2",
                                "630",
                                "1",
                                "0",
                                "0",
                                "2",
                                "630",
                                "historical_revenue_12m",
                                "2026-03-10"),
                        List.of("Ola", "1", "0", "0", "1", "1", "1", "0", "0", "historical_revenue_12m", "2026-03-10"),
                        List.of(
                                "unknown",
                                "1",
                                "0",
                                "25.5",
                                "0",
                                "0",
                                "NULL",
                                "1",
                                "25.5",
                                "historical_revenue_12m",
                                "2026-03-10"));
    }

    @Test
    void complaintCausesMatchTheHandComputedNumbers() {
        // 8 complaints by D. Windows of 180 days from the first complaint f of the customer with the cause,
        // observed when f + 180 ≤ D (f ≤ 2025-09-11). A purchase day p followed by no purchase within 60
        // days makes the customer inactive on p + 60 (a lapse); churned when a lapse falls in (f, f + 180].
        //   lapses: A1 2025-06-01 + 60 = 2025-07-31 (next purchase 238 d later); A2 2025-02-01 + 60 = 04-02,
        //           2025-05-20 + 60 = 07-19; B1 2024-11-10 + 60 = 2025-01-09, 2025-03-15 + 60 = 05-14;
        //           B2 only 2026-03-10 + 60 = 2026-05-09; U1 2025-12-01 + 60 = 2026-01-30; A3 none
        // courier: Q1, Q2, Q3, Q6 = 4, share 4/8 = 0.5, compensation over closed Q1 15 + Q2 25 + Q3 0 = 40;
        //   customers {A1, A2, B2} = 3
        //   A1 f 2025-06-10, window to 12-07 ≤ D: lapse 07-31 in it → churned
        //   A2 f 2025-05-25 (Q2, not Q3 of 10-01), window to 11-21: 04-02 is before f, 07-19 in it → churned
        //   B2 f 2026-01-05: window ends 2026-07-04, after D → not observed
        //   → observed 2, churned 2
        // billing_error: Q4, Q5 = 2, share 0.25, compensation 5 + 10 = 15; customers {B1, B2} = 2
        //   B1 f 2025-03-20, window to 09-16: lapse 05-14 → churned
        //   B2 f 2025-08-25, window to 2026-02-21 ≤ D: no lapse in it (next is 2026-05-09) → not churned
        //   → observed 2, churned 1
        // unknown: Q7, Q8 = 2, share 0.25, compensation 0 (both open on D); customers {A3, U1} = 2;
        //   f 2026-02-01 and 2026-01-10: windows not ended → observed 0, churned 0
        //   (U1's lapse 2026-01-30 falls after its complaint, but its window has not ended by D)
        // The mart is per month (§4.13); over its months the counts add up to these all-time
        // figures, each complainant of a cause counted once, in the month of their first complaint
        // of it (new_complaining_customers), and the share is the cause's part of all complaints.
        assertThat(published.rows("""
                SELECT root_cause, sum(complaints),
                       sum(complaints) / (SELECT sum(complaints) FROM mart_complaint_causes) AS share,
                       sum(compensation_total), sum(new_complaining_customers),
                       sum(observed_180d), sum(churned_within_180d), CAST(max(as_of_date) AS VARCHAR)
                FROM mart_complaint_causes GROUP BY root_cause ORDER BY root_cause"""))
                .containsExactly(
                        List.of("billing_error", "2", "0.25", "15", "2", "2", "1", "2026-03-10"),
                        List.of("courier", "4", "0.5", "40", "3", "2", "2", "2026-03-10"),
                        List.of("unknown", "2", "0.25", "0", "2", "0", "0", "2026-03-10"));
    }

    @Test
    void winBackCandidatesAreTheChurnedBuyersByValueWithTheirLastComplaint() {
        // churned = not active on D and at least one purchase: A2, C1, U1 (A3 is a prospect;
        // A1, B1, B2 are active). historical_clv = all purchase revenue by D:
        //   C1 1000 → rank 1; A2 300 + 150 = 450 → rank 2; U1 25.50 → rank 3
        // last complaint by D: C1 none (Q9 is after D); A2 Q3 2025-10-01 (later than Q2), rejected;
        //   U1 Q8, open on D (closed after it), no root cause
        assertThat(published.rows("""
                SELECT win_back_rank, customer_id, account_owner, historical_clv, orders,
                       CAST(last_purchase_date AS VARCHAR), last_complaint_id,
                       CAST(last_complaint_received_at AS VARCHAR), last_complaint_category,
                       last_complaint_status, last_complaint_root_cause
                FROM win_back_candidates ORDER BY win_back_rank"""))
                .containsExactly(
                        List.of("1", "C1", "Ola", "1000", "1", "2025-01-05", "NULL", "NULL", "NULL", "NULL", "NULL"),
                        List.of(
                                "2",
                                "A2",
                                "Mia",
                                "450",
                                "2",
                                "2025-05-20",
                                "Q3",
                                "2025-10-01 09:00:00",
                                "delivery",
                                "rejected",
                                "courier"),
                        List.of(
                                "3",
                                "U1",
                                "unknown",
                                "25.5",
                                "1",
                                "2025-12-01",
                                "Q8",
                                "2026-01-10 09:00:00",
                                "product",
                                "open",
                                "NULL"));
    }

    @Test
    void theNewTablesAndTheViewArePublishedWithTheirTypes() {
        assertThat(published.tables())
                .contains("mart_book_of_business", "mart_complaint_causes", "win_back_candidates");
        assertThat(published.rows("""
                SELECT table_name, column_name, data_type FROM information_schema.columns
                WHERE (table_name = 'mart_book_of_business'
                       AND column_name IN ('as_of_date', 'customers', 'revenue_12m', 'churn_rate_12m', 'book_value'))
                   OR (table_name = 'mart_complaint_causes'
                       AND column_name IN ('share', 'compensation_total', 'churned_within_180d'))
                ORDER BY table_name, column_name"""))
                .containsExactly(
                        List.of("mart_book_of_business", "as_of_date", "DATE"),
                        List.of("mart_book_of_business", "book_value", "DECIMAL(18,2)"),
                        List.of("mart_book_of_business", "churn_rate_12m", "DOUBLE"),
                        List.of("mart_book_of_business", "customers", "BIGINT"),
                        List.of("mart_book_of_business", "revenue_12m", "DECIMAL(18,2)"),
                        List.of("mart_complaint_causes", "churned_within_180d", "BIGINT"),
                        List.of("mart_complaint_causes", "compensation_total", "DECIMAL(18,2)"),
                        List.of("mart_complaint_causes", "share", "DOUBLE"));
        // as_of_date comes first in every mart
        assertThat(published.rows("""
                SELECT table_name, column_name FROM information_schema.columns
                WHERE table_name IN ('mart_book_of_business', 'mart_complaint_causes') AND ordinal_position = 1
                ORDER BY table_name"""))
                .containsExactly(
                        List.of("mart_book_of_business", "as_of_date"), List.of("mart_complaint_causes", "as_of_date"));
    }
}
