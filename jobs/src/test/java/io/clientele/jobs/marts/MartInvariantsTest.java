package io.clientele.jobs.marts;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.demo.DemoExtractGenerator;
import io.clientele.demo.DemoOptions;
import io.clientele.jobs.PublishedWarehouse;
import io.clientele.jobs.cli.ClienteleCli;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Identities that hold for every row of the metric marts whatever the data, checked on a
 * generated demo extract (3,000 customers, three years up to D = 2026-10-31, default
 * inactivity). Each query lists the rows that break the identity; none may.
 */
class MartInvariantsTest {

    @TempDir
    static Path dir;

    static PublishedWarehouse published;

    @BeforeAll
    static void runTheNight() throws IOException {
        Path inbox = dir.resolve("inbox");
        new DemoExtractGenerator().generate(inbox, new DemoOptions(3_000, 7, LocalDate.of(2026, 10, 31)));
        Path warehouse = dir.resolve("warehouse");
        assertThat(ClienteleCli.execute(
                        "run",
                        "--date",
                        "2026-10-31",
                        "--inbox",
                        inbox.toString(),
                        "--warehouse",
                        warehouse.toString()))
                .isZero();
        published = new PublishedWarehouse(warehouse);
    }

    @Test
    void martsAreNotEmpty() {
        assertThat(published
                        .rows("SELECT count(*) FROM mart_churn_monthly")
                        .get(0)
                        .get(0))
                .isNotEqualTo("0");
        assertThat(published
                        .rows("SELECT count(*) FROM mart_cohort_retention")
                        .get(0)
                        .get(0))
                .isNotEqualTo("0");
        assertThat(published
                        .rows("SELECT count(*) FROM mart_customer_value")
                        .get(0)
                        .get(0))
                .isEqualTo("3000");
    }

    @Test
    void retentionAndChurnAddUpToOne() {
        assertThat(published.rows("""
                SELECT month, segment_kind, segment, retention_rate, churn_rate FROM mart_churn_monthly
                WHERE customers_start > 0
                  AND (retention_rate IS NULL OR churn_rate IS NULL OR abs(retention_rate + churn_rate - 1) > 1e-9)""")).isEmpty();
        assertThat(published.rows("""
                SELECT month, segment_kind, segment FROM mart_churn_monthly
                WHERE customers_start = 0 AND (retention_rate IS NOT NULL OR churn_rate IS NOT NULL)""")).isEmpty();
    }

    @Test
    void customersEndIsStartMinusLostPlusNew() {
        assertThat(published.rows("""
                SELECT month, segment_kind, segment FROM mart_churn_monthly
                WHERE customers_end <> customers_start - lost_customers + new_customers""")).isEmpty();
    }

    @Test
    void segmentCountsAddUpToTheAllRow() {
        // every month has an 'all' row, and for each segment kind its segments sum to it
        assertThat(published.rows("""
                WITH sums AS (
                    SELECT month, segment_kind, sum(customers_start) AS cb, sum(new_customers) AS cn,
                           sum(customers_end) AS ce, sum(lost_customers) AS cl
                    FROM mart_churn_monthly WHERE segment_kind <> 'all' GROUP BY month, segment_kind),
                totals AS (
                    SELECT month, customers_start AS cb, new_customers AS cn, customers_end AS ce, lost_customers AS cl
                    FROM mart_churn_monthly WHERE segment_kind = 'all' AND segment = 'all'),
                kinds AS (
                    SELECT * FROM (VALUES ('customer_type'), ('acquisition_channel'), ('account_owner'),
                                          ('complained_90d')) k(segment_kind))
                SELECT t.month, k.segment_kind, t.cb, s.cb, t.cn, s.cn, t.ce, s.ce, t.cl, s.cl
                FROM totals t CROSS JOIN kinds k
                LEFT JOIN sums s ON s.month = t.month AND s.segment_kind = k.segment_kind
                WHERE s.month IS NULL OR s.cb <> t.cb OR s.cn <> t.cn OR s.ce <> t.ce OR s.cl <> t.cl""")).isEmpty();
        assertThat(published.rows("""
                SELECT month FROM mart_churn_monthly GROUP BY month
                HAVING sum(CASE WHEN segment_kind = 'all' AND segment = 'all' THEN 1 ELSE 0 END) <> 1""")).isEmpty();
    }

    @Test
    void repeatPurchaseRateIsAShare() {
        assertThat(published.rows("""
                SELECT month, segment_kind, segment, repeat_purchase_rate FROM mart_churn_monthly
                WHERE repeat_purchase_rate < 0 OR repeat_purchase_rate > 1""")).isEmpty();
        assertThat(published.rows("""
                SELECT count(*) FROM mart_churn_monthly WHERE segment_kind = 'all' AND repeat_purchase_rate > 0""")).isNotEqualTo(java.util.List.of(java.util.List.of("0")));
    }

    @Test
    void cohortMonthZeroRetainsEveryone() {
        assertThat(published.rows("""
                SELECT cohort_month FROM mart_cohort_retention
                WHERE months_since_first = 0
                  AND (retention_rate IS NULL OR retention_rate <> 1 OR active_customers <> cohort_size)""")).isEmpty();
    }

    @Test
    void cohortSizesMatchTheCustomersFirstPurchases() {
        assertThat(published.rows("""
                WITH sizes AS (
                    SELECT DISTINCT cohort_month, cohort_size FROM mart_cohort_retention),
                firsts AS (
                    SELECT date_trunc('month', first_purchase_date) AS cohort_month, count(*) AS customers
                    FROM mart_customer_value WHERE first_purchase_date IS NOT NULL GROUP BY 1)
                SELECT s.cohort_month, s.cohort_size, f.cohort_month, f.customers
                FROM sizes s FULL OUTER JOIN firsts f ON f.cohort_month = s.cohort_month
                WHERE s.cohort_month IS NULL OR f.cohort_month IS NULL OR s.cohort_size <> f.customers""")).isEmpty();
        // one size per cohort
        assertThat(published.rows("""
                SELECT cohort_month FROM mart_cohort_retention GROUP BY cohort_month
                HAVING count(DISTINCT cohort_size) <> 1""")).isEmpty();
    }

    @Test
    void lifecycleStagesAddUpToTheCustomers() {
        // every customer known by D (current dim_customer rows) has exactly one known stage
        assertThat(published.rows("""
                SELECT (SELECT count(*) FROM dim_customer WHERE is_current),
                       (SELECT count(*) FROM mart_customer_value),
                       (SELECT count(DISTINCT customer_id) FROM mart_customer_value),
                       (SELECT sum(n) FROM (SELECT lifecycle_stage, count(*) AS n FROM mart_customer_value
                                            WHERE lifecycle_stage IN ('prospect', 'active', 'dissatisfied',
                                                                      'churned', 'won_back')
                                            GROUP BY lifecycle_stage) s)""").get(0))
                .containsOnly(published
                        .rows("SELECT count(*) FROM dim_customer WHERE is_current")
                        .get(0)
                        .get(0));
    }

    @Test
    void segmentClvIsOneValuePerSegment() {
        // the segment figures are the same on every customer of a segment, null without a segment,
        // and the CLV is there exactly when the churn rate is above zero
        assertThat(published.rows("""
                SELECT rfm_segment FROM mart_customer_value GROUP BY rfm_segment
                HAVING count(DISTINCT coalesce(segment_clv, -1)) <> 1
                    OR count(DISTINCT coalesce(segment_annual_churn_rate, -1)) <> 1""")).isEmpty();
        assertThat(published.rows("""
                SELECT customer_id FROM mart_customer_value
                WHERE (rfm_segment IS NULL AND (segment_clv IS NOT NULL OR segment_annual_churn_rate IS NOT NULL))
                   OR (segment_annual_churn_rate < 0 OR segment_annual_churn_rate > 1)
                   OR ((segment_clv IS NOT NULL) <> (coalesce(segment_annual_churn_rate, 0) > 0))
                   OR segment_clv <= 0""")).isEmpty();
    }
}
