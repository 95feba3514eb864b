package io.clientele.jobs.marts;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.jobs.PublishedWarehouse;
import io.clientele.jobs.cli.ClienteleCli;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service marts (complaints, satisfaction, acquisition) end to end, through the CLI, on
 * a hand-written extract of seven customers, run for D = 2026-03-10 (March is D's partial
 * month). Every expected number below was worked out by hand from the files in
 * src/test/resources/fixtures/service (docs/contract.md §4.6, §4.8–§4.10).
 *
 * <pre>
 * customers (customer_type, acquisition_channel folded to lower case):
 *   K1 B2C organic   K2 B2B paid_search ("Paid_Search")   K3 B2C paid_search   K4 B2B (empty → unknown)
 *   K5 (empty → unknown) referral ("Referral")   K6 B2C organic   K7 B2C paid_search ("Paid_Search")
 * purchases (completed, net revenue &gt; 0), by day:
 *   K1 2025-03-15 500, 2026-01-10 100 (2×60 − 20), 2026-02-15 50
 *   K2 2026-01-20 400     K3 2026-02-05 200 (2026-03-20 1000 is after D: ignored)
 *   K4 2026-02-10 60      K5 2026-03-05 30 (2026-01-08 nets 10 − 10 = 0: not a purchase)
 *   K6 none (2026-01-15 cancelled)      K7 2026-02-28 20
 * is_top20 as of D: revenue from 2025-04-01 (D's month and the 11 before) to D:
 *   K2 400, K3 200, K1 150 (the 500 of 2025-03 is outside), K4 60, K5 30, K7 20 → 6 buyers;
 *   top20 when 5 × (buyers with strictly more) &lt; 6: K2 (5×0 = 0), K3 (5×1 = 5); K1 5×2 = 10 no.
 *   (Over all time K1 would have 650 and be top20 instead of K3.)
 * </pre>
 */
class ServiceMartsTest {

    static final Path FIXTURE = Path.of("src/test/resources/fixtures/service").toAbsolutePath();

    @TempDir
    static Path warehouse;

    static PublishedWarehouse published;

    @BeforeAll
    static void runTheNight() {
        assertThat(ClienteleCli.execute(
                        "run",
                        "--date",
                        "2026-03-10",
                        "--inbox",
                        FIXTURE.toString(),
                        "--warehouse",
                        warehouse.toString()))
                .isZero();
        published = new PublishedWarehouse(warehouse);
    }

    @Test
    void complaintsMonthlyMatchesTheHandComputedNumbers() {
        // Complaints received by the end of D (Q10 on 03-11 is after D). Channel folded, category null → unknown.
        //   Q1 K1 01-12 10:00 email/delivery justified, closed 02-11 10:00 = exactly 30 × 24 h → within; comp 20
        //   Q2 K2 01-20 12:00 email/delivery unfounded, closed 02-19 12:00:01 = 30 d + 1 s → beyond; no comp
        //   Q3 K6 01-25 09:00 phone/(none)   unfounded, rejected 01-26 21:00 = 36 h = 1.5 d → within
        //   Q4 K1 02-16 08:00 email/delivery justified, closed 02-18 08:00 = 2 d → within; comp 5.50; K1 repeat (Q1)
        //   Q5 K2 02-20 10:00 phone/billing  justified, closed 03-15 — after D: open on D, its 100 not counted;
        //                                    K2 repeat (Q2)
        //   Q6 K3 02-20 10:00 email/delivery justified, open  } same instant: neither is earlier than the
        //   Q7 K3 02-20 10:00 email/delivery unfounded, open  } other, so K3 is not yet a repeat complainant
        //   Q8 K4 02-01 00:00 web/billing    unfounded, rejected 03-05 00:00 = 32 d → beyond
        //   Q9 K3 03-02 10:00 email/delivery justified empty, open; K3 repeat (Q6, Q7)
        // cells: complaints, justified, unfounded, justified_ratio = j / (j + u), resolved,
        //        within ratio over closed, avg resolution days over closed, compensation over closed,
        //        complaints of top20 customers {K2, K3}, repeat complainants
        //   Jan email delivery: Q1, Q2 → 2, 1, 1, 1/2, 2 closed, 1/2 within, (30 + 30 + 1/86400)/2 = 30.000005787,
        //                       20 + 0 = 20, top20 1 (Q2), repeat 0
        //   Jan phone unknown:  Q3 → 1, 0, 1, 0/1 = 0, 1, 1/1, 1.5, 0, 0, 0
        //   Feb email delivery: Q4, Q6, Q7 → 3, 2 (Q4, Q6), 1 (Q7), 2/3, 1 closed (Q4), 1/1, 2, 5.5,
        //                       top20 2 (Q6, Q7 of K3), repeat 1 (K1)
        //   Feb phone billing:  Q5 → 1, 1, 0, 1/1, 0 closed → ratio and average null, 0, top20 1, repeat 1 (K2)
        //   Feb web billing:    Q8 → 1, 0, 1, 0, 1, 0/1 = 0, 32, 0, 0, 0
        //   Mar email delivery: Q9 → 1, 0, 0, ratio null (0 + 0), 0, null, null, 0, top20 1, repeat 1 (K3)
        assertThat(published.rows("""
                SELECT CAST(month AS VARCHAR), channel, category, complaints, justified, unfounded, justified_ratio,
                       resolved, resolved_within_deadline_ratio, avg_resolution_days, compensation_total,
                       top20_customer_complaints, repeat_complainants, CAST(as_of_date AS VARCHAR)
                FROM mart_complaints_monthly ORDER BY month, channel, category"""))
                .containsExactly(
                        List.of(
                                "2026-01-01",
                                "email",
                                "delivery",
                                "2",
                                "1",
                                "1",
                                "0.5",
                                "2",
                                "0.5",
                                "30.000005787",
                                "20",
                                "1",
                                "0",
                                "2026-03-10"),
                        List.of(
                                "2026-01-01",
                                "phone",
                                "unknown",
                                "1",
                                "0",
                                "1",
                                "0",
                                "1",
                                "1",
                                "1.5",
                                "0",
                                "0",
                                "0",
                                "2026-03-10"),
                        List.of(
                                "2026-02-01",
                                "email",
                                "delivery",
                                "3",
                                "2",
                                "1",
                                "0.666666667",
                                "1",
                                "1",
                                "2",
                                "5.5",
                                "2",
                                "1",
                                "2026-03-10"),
                        List.of(
                                "2026-02-01",
                                "phone",
                                "billing",
                                "1",
                                "1",
                                "0",
                                "1",
                                "0",
                                "NULL",
                                "NULL",
                                "0",
                                "1",
                                "1",
                                "2026-03-10"),
                        List.of(
                                "2026-02-01",
                                "web",
                                "billing",
                                "1",
                                "0",
                                "1",
                                "0",
                                "1",
                                "0",
                                "32",
                                "0",
                                "0",
                                "0",
                                "2026-03-10"),
                        List.of(
                                "2026-03-01",
                                "email",
                                "delivery",
                                "1",
                                "0",
                                "0",
                                "NULL",
                                "0",
                                "NULL",
                                "NULL",
                                "0",
                                "1",
                                "1",
                                "2026-03-10"));
    }

    @Test
    void satisfactionMonthlyMatchesTheHandComputedNumbers() {
        // Answers by the end of D (S10 at 03-11 00:00 is after D; S9 at 03-10 23:00 counts).
        //   Jan: S1 K1 CSAT 4, S2 K2 CSAT 3, S3 K1 NPS 9, S4 K2 NPS 6, S5 K6 NPS 7
        //   Feb: S6 K3 CSAT 5, S7 K5 NPS 10, S8 K4 NPS 8        Mar: S9 K3 NPS 0
        // satisfied = CSAT 4–5; promoters 9–10, passives 7–8, detractors 0–6; nps = 100 × (P − D) / n
        //   Jan B2B {S2, S4}:      CSAT 1, avg 3, 0/1 → 0 %;   NPS 1: D1 → −100
        //   Jan B2C {S1, S3, S5}:  CSAT 1, avg 4, 1/1 → 100 %; NPS 2: P1 (9), passive 1 (7) → 100 × 1/2 = 50
        //   Jan all:               CSAT 2, avg (4 + 3)/2 = 3.5, 1/2 → 50 %; NPS 3: P1 Pa1 D1 → 0
        //   Feb B2B {S8}:          CSAT 0 → null, null; NPS 1: passive (8) → 0
        //   Feb B2C {S6}:          CSAT 1, avg 5, 100 %; NPS 0 → counts 0, nps null
        //   Feb all:               CSAT 1, avg 5, 100 %; NPS 2: P1 (10) Pa1 (8) → 50
        //   Feb unknown {S7} (K5 has no customer_type): CSAT 0 → null; NPS 1: P1 → 100
        //   Mar B2C {S9} and all:  CSAT 0 → null; NPS 1: D1 (0) → −100
        assertThat(published.rows("""
                SELECT CAST(month AS VARCHAR), segment, csat_responses, csat_avg, csat_satisfied_pct,
                       nps_responses, promoters, passives, detractors, nps
                FROM mart_satisfaction_monthly ORDER BY month, segment"""))
                .containsExactly(
                        List.of("2026-01-01", "B2B", "1", "3", "0", "1", "0", "0", "1", "-100"),
                        List.of("2026-01-01", "B2C", "1", "4", "100", "2", "1", "1", "0", "50"),
                        List.of("2026-01-01", "all", "2", "3.5", "50", "3", "1", "1", "1", "0"),
                        List.of("2026-02-01", "B2B", "0", "NULL", "NULL", "1", "0", "1", "0", "0"),
                        List.of("2026-02-01", "B2C", "1", "5", "100", "0", "0", "0", "0", "NULL"),
                        List.of("2026-02-01", "all", "1", "5", "100", "2", "1", "1", "0", "50"),
                        List.of("2026-02-01", "unknown", "0", "NULL", "NULL", "1", "1", "0", "0", "100"),
                        List.of("2026-03-01", "B2C", "0", "NULL", "NULL", "1", "0", "0", "1", "-100"),
                        List.of("2026-03-01", "all", "0", "NULL", "NULL", "1", "0", "0", "1", "-100"));
    }

    @Test
    void acquisitionMonthlyAndMarketingSpendMatchTheHandComputedNumbers() {
        // Spend, month × channel folded to lower case, months up to D's month (2026-04 is after it):
        //   2026-01 paid_search 1000 ("Paid_Search"), 2026-02 paid_search 300, 2026-02 display 250 ("Display"),
        //   2026-03 referral 45.50
        assertThat(published.rows("""
                SELECT CAST(month AS VARCHAR), channel, amount FROM fact_marketing_spend ORDER BY month, channel"""))
                .containsExactly(
                        List.of("2026-01-01", "paid_search", "1000"),
                        List.of("2026-02-01", "display", "250"),
                        List.of("2026-02-01", "paid_search", "300"),
                        List.of("2026-03-01", "referral", "45.5"));

        // First purchase month × acquisition channel as of D:
        //   K1 2025-03 organic; K2 2026-01 paid_search; K3 2026-02 paid_search; K7 2026-02-28 paid_search;
        //   K4 2026-02 unknown; K5 2026-03 referral (its 01-08 order nets 0); K6 never (cancelled only)
        // cac = spend / new customers:
        //   2025-03 organic      1 new, no spend recorded → spend null, cac null
        //   2026-01 paid_search  1 (K2), 1000 → 1000
        //   2026-02 display      0 new, 250 → kept, cac null
        //   2026-02 paid_search  2 (K3, K7), 300 → 150
        //   2026-02 unknown      1 (K4), no spend → null, null
        //   2026-03 referral     1 (K5), 45.50 → 45.5
        assertThat(published.rows("""
                SELECT CAST(month AS VARCHAR), acquisition_channel, new_customers, marketing_spend, cac
                FROM mart_acquisition_monthly ORDER BY month, acquisition_channel"""))
                .containsExactly(
                        List.of("2025-03-01", "organic", "1", "NULL", "NULL"),
                        List.of("2026-01-01", "paid_search", "1", "1000", "1000"),
                        List.of("2026-02-01", "display", "0", "250", "NULL"),
                        List.of("2026-02-01", "paid_search", "2", "300", "150"),
                        List.of("2026-02-01", "unknown", "1", "NULL", "NULL"),
                        List.of("2026-03-01", "referral", "1", "45.5", "45.5"));
    }

    @Test
    void theTop20FlagAgreesWithTheCustomerValueMart() {
        // The complaints mart computes is_top20 itself (marts read only the star schema); it must be
        // the same set as mart_customer_value's: K2 and K3 (see the class comment).
        assertThat(published.rows("SELECT customer_id FROM mart_customer_value WHERE is_top20 ORDER BY 1"))
                .containsExactly(List.of("K2"), List.of("K3"));
    }

    @Test
    void theNewTablesArePublishedWithTheirTypes() {
        assertThat(published.tables())
                .contains(
                        "fact_marketing_spend",
                        "mart_complaints_monthly",
                        "mart_satisfaction_monthly",
                        "mart_acquisition_monthly");
        assertThat(published.rows("""
                SELECT table_name, column_name, data_type FROM information_schema.columns
                WHERE (table_name = 'mart_complaints_monthly'
                       AND column_name IN ('month', 'complaints', 'justified_ratio', 'compensation_total'))
                   OR (table_name = 'mart_satisfaction_monthly' AND column_name IN ('promoters', 'nps'))
                   OR (table_name = 'mart_acquisition_monthly' AND column_name IN ('marketing_spend', 'cac'))
                   OR (table_name = 'fact_marketing_spend')
                ORDER BY table_name, column_name"""))
                .containsExactly(
                        List.of("fact_marketing_spend", "amount", "DECIMAL(18,2)"),
                        List.of("fact_marketing_spend", "channel", "VARCHAR"),
                        List.of("fact_marketing_spend", "month", "DATE"),
                        List.of("mart_acquisition_monthly", "cac", "DOUBLE"),
                        List.of("mart_acquisition_monthly", "marketing_spend", "DECIMAL(18,2)"),
                        List.of("mart_complaints_monthly", "compensation_total", "DECIMAL(18,2)"),
                        List.of("mart_complaints_monthly", "complaints", "BIGINT"),
                        List.of("mart_complaints_monthly", "justified_ratio", "DOUBLE"),
                        List.of("mart_complaints_monthly", "month", "DATE"),
                        List.of("mart_satisfaction_monthly", "nps", "DOUBLE"),
                        List.of("mart_satisfaction_monthly", "promoters", "BIGINT"));
    }
}
