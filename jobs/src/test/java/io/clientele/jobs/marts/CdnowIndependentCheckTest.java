package io.clientele.jobs.marts;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.jobs.PublicDatasets;
import io.clientele.jobs.PublishedWarehouse;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The marts on real data, checked against answers computed independently: plain SQL over
 * the raw CDNOW sample file (not the extract, not the star schema), written differently
 * from the warehouse's SQL (range joins per day instead of the monthly snapshot).
 * As of 1998-06-30, the end of the data, with the default inactivity of 180 days.
 */
class CdnowIndependentCheckTest {

    static final String AS_OF = "1998-06-30";

    @TempDir
    static Path dir;

    static PublishedWarehouse published;

    @BeforeAll
    static void runOnCdnow() throws IOException {
        published = PublicDatasets.cdnowWarehouse(dir, AS_OF);
    }

    private static List<List<String>> independent(String sql) {
        return PublicDatasets.cdnowRawQuery(sql);
    }

    @Test
    void cohortCellsEqualAnIndependentCountOverTheRawFile() {
        List<List<String>> expected = independent("""
                WITH firsts AS (SELECT customer, date_trunc('month', min(day)) AS cohort FROM p GROUP BY customer)
                SELECT strftime(f.cohort, '%Y-%m-%d'),
                       date_diff('month', f.cohort, date_trunc('month', p.day)) AS k,
                       (SELECT count(*) FROM firsts g WHERE g.cohort = f.cohort) AS size,
                       count(DISTINCT p.customer), sum(p.value)
                FROM p JOIN firsts f USING (customer)
                GROUP BY ALL ORDER BY 1, 2""");
        List<List<String>> actual = published.rows("""
                SELECT strftime(cohort_month, '%Y-%m-%d'), months_since_first, cohort_size, active_customers, revenue
                FROM mart_cohort_retention WHERE active_customers > 0 ORDER BY 1, 2""");
        // the sample's customers all first bought in Q1 1997: three cohorts, 18 months of data
        assertThat(expected).hasSizeGreaterThan(40);
        assertThat(actual).isEqualTo(expected);
        // and the empty cells are there too: 3 cohorts × k up to June 1998
        assertThat(published.rows("SELECT count(*) FROM mart_cohort_retention"))
                .containsExactly(List.of(String.valueOf(18 + 17 + 16)));
    }

    @Test
    void churnCountsEqualAnIndependentCountOfActiveCustomersAtEachMonthEnd() {
        // active on day d: a purchase on or before d less than 180 days before it
        List<List<String>> expected = independent("""
                WITH ends AS (SELECT (date_trunc('month', m) + INTERVAL 1 MONTH - INTERVAL 1 DAY)::DATE AS e
                              FROM range(DATE '1996-12-01', DATE '1998-07-01', INTERVAL 1 MONTH) t(m)),
                active AS (SELECT DISTINCT e, customer FROM ends JOIN p ON p.day <= e AND e - p.day < 180),
                months AS (SELECT e AS month_end, (date_trunc('month', e) - INTERVAL 1 DAY)::DATE AS prev_end
                           FROM ends WHERE e >= DATE '1997-01-31')
                SELECT strftime(date_trunc('month', m.month_end), '%Y-%m-%d'),
                       (SELECT count(*) FROM active a WHERE a.e = m.prev_end) AS cb,
                       (SELECT count(*) FROM active a WHERE a.e = m.month_end
                          AND a.customer NOT IN (SELECT customer FROM active b WHERE b.e = m.prev_end)) AS cn,
                       (SELECT count(*) FROM active a WHERE a.e = m.month_end) AS ce,
                       (SELECT count(*) FROM active a WHERE a.e = m.prev_end
                          AND a.customer NOT IN (SELECT customer FROM active b WHERE b.e = m.month_end)) AS cl
                FROM months m ORDER BY 1""");
        List<List<String>> actual = published.rows("""
                SELECT strftime(month, '%Y-%m-%d'), customers_start, new_customers, customers_end, lost_customers
                FROM mart_churn_monthly WHERE segment_kind = 'all' ORDER BY 1""");
        assertThat(expected).hasSize(18);
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void customerValueEqualsAnIndependentSummaryPerCustomer() {
        List<List<String>> expected = independent("""
                SELECT customer, strftime(min(day), '%Y-%m-%d'), strftime(max(day), '%Y-%m-%d'), count(*), sum(value),
                       DATE '1998-06-30' - max(day)
                FROM p GROUP BY customer ORDER BY customer""");
        List<List<String>> actual = published.rows("""
                SELECT customer_id, strftime(first_purchase_date, '%Y-%m-%d'), strftime(last_purchase_date, '%Y-%m-%d'),
                       orders, revenue, recency_days
                FROM mart_customer_value WHERE orders > 0 ORDER BY customer_id""");
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void scoresAreTieConsistentQuintilesOfPurchasers() {
        // score = 1 + floor(5 × (purchasers with a strictly worse value) / purchasers), counted by a
        // correlated count instead of a window function; is_top20 likewise over the 12 months to D
        List<List<String>> expected = independent("""
                WITH c AS (SELECT customer, max(day) AS last_day, count(*) AS n, sum(value) AS revenue,
                                  sum(CASE WHEN day >= DATE '1997-07-01' THEN value ELSE 0 END) AS recent
                           FROM p GROUP BY customer),
                     total AS (SELECT count(*) AS purchasers, count(*) FILTER (WHERE recent > 0) AS recent_buyers FROM c)
                SELECT a.customer,
                       CAST(1 + floor(5 * (SELECT count(*) FROM c b WHERE b.last_day < a.last_day) / total.purchasers) AS INT),
                       CAST(1 + floor(5 * (SELECT count(*) FROM c b WHERE b.n < a.n) / total.purchasers) AS INT),
                       CAST(1 + floor(5 * (SELECT count(*) FROM c b WHERE b.revenue < a.revenue) / total.purchasers) AS INT),
                       a.recent > 0 AND 5 * (SELECT count(*) FROM c b WHERE b.recent > a.recent) < total.recent_buyers
                FROM c a, total ORDER BY a.customer""");
        List<List<String>> actual = published.rows("""
                SELECT customer_id, r_score, f_score, m_score, is_top20
                FROM mart_customer_value WHERE orders > 0 ORDER BY customer_id""");
        assertThat(actual).isEqualTo(expected);
    }
}
