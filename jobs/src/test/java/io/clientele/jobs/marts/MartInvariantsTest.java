package io.clientele.jobs.marts;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.demo.DemoExtractGenerator;
import io.clientele.demo.DemoOptions;
import io.clientele.jobs.PublishedWarehouse;
import io.clientele.jobs.cli.ClienteleCli;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
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

    /** The demo extract the night read: the CSV files the independent checks read again. */
    static Path inbox;

    @BeforeAll
    static void runTheNight() throws IOException {
        inbox = dir.resolve("inbox");
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

    /**
     * mart_sales_monthly's all and category rows, every month, recomputed with plain DuckDB SQL over
     * the extract's CSV files (not the mart's SQL, not the lake): the latest version of each order
     * (§4.2: latest updated_at; the demo never ties), placed by the end of D, purchases only (§4.3:
     * status completed, empty meaning completed, and Σ quantity × unit_price − discount above 0),
     * the product's latest category. Revenues to the cent, counts exactly, rates to 1e-9.
     */
    @Test
    void salesMonthlyMatchesTheRawCsvFiles() {
        String inbox = dir.resolve("inbox").toAbsolutePath().toString().replace("'", "''");
        String csv = "read_csv('" + inbox + "/%s.csv', header = true, all_varchar = true)";
        // the CSV keeps one row per order line (else "a later row wins" would apply, §4.2)
        assertThat(published.rows("SELECT order_id, line_no FROM " + csv.formatted("order_lines")
                        + " GROUP BY ALL HAVING count(*) > 1"))
                .isEmpty();
        String independent =
                """
                WITH orders AS (
                    SELECT order_id, customer_id, CAST(order_ts AS TIMESTAMP) AS order_ts,
                           coalesce(nullif(status, ''), 'completed') AS status
                    FROM %s
                    QUALIFY row_number() OVER (PARTITION BY order_id ORDER BY CAST(updated_at AS TIMESTAMP) DESC) = 1),
                lines AS (
                    SELECT order_id, nullif(product_id, '') AS product_id, CAST(quantity AS INTEGER) AS quantity,
                           CAST(unit_price AS DECIMAL(18,4)) AS unit_price,
                           coalesce(CAST(nullif(discount_amount, '') AS DECIMAL(18,4)), 0) AS discount
                    FROM %s),
                products AS (
                    SELECT product_id, nullif(category, '') AS category
                    FROM %s
                    QUALIFY row_number() OVER (PARTITION BY product_id ORDER BY CAST(updated_at AS TIMESTAMP) DESC) = 1),
                purchases AS (
                    SELECT o.order_id, o.customer_id, CAST(date_trunc('month', o.order_ts) AS DATE) AS month
                    FROM orders o JOIN lines l ON l.order_id = o.order_id
                    WHERE o.order_ts <= TIMESTAMP '2026-10-31 23:59:59.999999' AND o.status = 'completed'
                    GROUP BY o.order_id, o.customer_id, o.order_ts
                    HAVING sum(l.quantity * l.unit_price - l.discount) > 0),
                priced AS (
                    SELECT p.month, p.order_id, p.customer_id, coalesce(pr.category, 'unknown') AS category,
                           CASE WHEN l.quantity > 0 THEN l.quantity * l.unit_price ELSE 0 END AS gross,
                           CASE WHEN l.quantity < 0 THEN -l.quantity * l.unit_price ELSE 0 END AS returned,
                           l.discount, l.quantity * l.unit_price - l.discount AS net
                    FROM purchases p JOIN lines l ON l.order_id = p.order_id
                    LEFT JOIN products pr ON pr.product_id = l.product_id),
                cells AS (
                    SELECT month, 'all' AS kind, 'all' AS value, count(DISTINCT order_id) AS orders,
                           count(DISTINCT customer_id) AS customers, sum(gross) AS gross, sum(returned) AS returned,
                           sum(discount) AS discounts, sum(net) AS net
                    FROM priced GROUP BY month
                    UNION ALL
                    SELECT month, 'category', category, count(DISTINCT order_id), count(DISTINCT customer_id),
                           sum(gross), sum(returned), sum(discount), sum(net)
                    FROM priced GROUP BY month, category),
                first_month AS (
                    SELECT CAST(min(month) AS TIMESTAMP) AS first_month FROM purchases),
                calendar AS (
                    SELECT CAST(unnest(generate_series(first_month, TIMESTAMP '2026-10-01', INTERVAL 1 MONTH)) AS DATE)
                           AS month
                    FROM first_month),
                expected AS (
                    SELECT k.month, 'all' AS kind, 'all' AS value, coalesce(c.orders, 0) AS orders,
                           coalesce(c.customers, 0) AS customers, coalesce(c.gross, 0) AS gross,
                           coalesce(c.returned, 0) AS returned, coalesce(c.discounts, 0) AS discounts,
                           coalesce(c.net, 0) AS net
                    FROM calendar k LEFT JOIN cells c ON c.month = k.month AND c.kind = 'all'
                    UNION ALL
                    SELECT * FROM cells WHERE kind = 'category'),
                mart AS (
                    SELECT * FROM mart_sales_monthly WHERE breakdown_kind IN ('all', 'category'))
                """.formatted(csv.formatted("orders"), csv.formatted("order_lines"), csv.formatted("products"));
        // every expected row in the mart and no other, equal to the cent
        assertThat(published.rows(independent + """
                SELECT e.month, e.kind, e.value, m.month, m.breakdown_kind, m.breakdown,
                       e.orders, m.orders, e.customers, m.customers, round(e.gross, 2), m.gross_revenue,
                       round(e.returned, 2), m.returned_revenue, round(e.discounts, 2), m.discounts,
                       round(e.net, 2), m.net_revenue, m.discount_rate, m.return_rate
                FROM expected e
                FULL OUTER JOIN mart m ON m.month = e.month AND m.breakdown_kind = e.kind AND m.breakdown = e.value
                WHERE e.month IS NULL OR m.month IS NULL
                   OR m.orders <> e.orders OR m.customers <> e.customers
                   OR m.gross_revenue <> round(e.gross, 2) OR m.returned_revenue <> round(e.returned, 2)
                   OR m.discounts <> round(e.discounts, 2) OR m.net_revenue <> round(e.net, 2)
                   OR (e.gross > 0) <> (m.discount_rate IS NOT NULL) OR (e.gross > 0) <> (m.return_rate IS NOT NULL)
                   OR abs(m.discount_rate - CAST(e.discounts AS DOUBLE) / CAST(e.gross AS DOUBLE)) > 1e-9
                   OR abs(m.return_rate - CAST(e.returned AS DOUBLE) / CAST(e.gross AS DOUBLE)) > 1e-9
                ORDER BY 1, 2, 3, 4, 5, 6""")).isEmpty();
        // and the comparison is not vacuous: years of months, several categories, returns and discounts
        assertThat(published.rows(independent + """
                SELECT count(DISTINCT month) > 24, count(DISTINCT value) > 3, sum(returned) > 0, sum(discounts) > 0
                FROM expected WHERE kind = 'category'"""))
                .isEqualTo(java.util.List.of(java.util.List.of("true", "true", "true", "true")));
        // the all row's net revenue is every other mart's purchase revenue: fact_customer_month's
        assertThat(published.rows("""
                SELECT s.month, s.net_revenue, r.revenue
                FROM mart_sales_monthly s
                LEFT JOIN (SELECT month_start, sum(revenue) AS revenue FROM fact_customer_month GROUP BY month_start) r
                       ON r.month_start = s.month
                WHERE s.breakdown_kind = 'all' AND s.net_revenue <> round(coalesce(r.revenue, 0), 2)""")).isEmpty();
    }

    @Test
    void salesMonthlyBreakdownsAddUpToTheAllRow() {
        // revenues of each kind sum to the all row; orders too for country and channel (one per order)
        assertThat(published.rows("""
                WITH sums AS (
                    SELECT month, breakdown_kind, sum(orders) AS orders, sum(gross_revenue) AS gross,
                           sum(returned_revenue) AS returned, sum(discounts) AS discounts, sum(net_revenue) AS net
                    FROM mart_sales_monthly WHERE breakdown_kind <> 'all' GROUP BY month, breakdown_kind),
                totals AS (
                    SELECT month, orders, gross_revenue AS gross, returned_revenue AS returned, discounts,
                           net_revenue AS net
                    FROM mart_sales_monthly WHERE breakdown_kind = 'all')
                SELECT s.*, t.*
                FROM sums s JOIN totals t ON t.month = s.month
                WHERE s.gross <> t.gross OR s.returned <> t.returned OR s.discounts <> t.discounts OR s.net <> t.net
                   OR (s.breakdown_kind <> 'category' AND s.orders <> t.orders)
                   OR (s.breakdown_kind = 'category' AND s.orders < t.orders)
                   OR t.net <> t.gross - t.returned - t.discounts""")).isEmpty();
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

    /**
     * mart_cross_sell_monthly and category_breadth / top_category of mart_customer_value
     * (docs/contract.md §4.12) equal plain SQL over the demo's raw CSV files (orders.csv,
     * order_lines.csv, products.csv), not the warehouse's SQL and not its lake: the latest
     * version of each order and product (§4.2: latest updated_at, then the later line), orders
     * placed by the end of D (§4.1), purchases = completed (empty means completed) with net
     * revenue above zero (§4.3). The breadth and new categories are computed here by correlated
     * subqueries over each buyer's month, not by the mart's running sums.
     */
    @Test
    void categoryMeasuresEqualIndependentSqlOverTheRawCsv() {
        String sources = """
                WITH order_versions AS (
                    SELECT *, row_number() OVER () AS line FROM read_csv('%1$s/orders.csv', header = true, all_varchar = true)),
                orders AS (
                    SELECT order_id, customer_id, CAST(order_ts AS TIMESTAMP) AS order_ts,
                           coalesce(nullif(status, ''), 'completed') AS status
                    FROM (SELECT *, row_number() OVER (PARTITION BY order_id
                                    ORDER BY CAST(nullif(updated_at, '') AS TIMESTAMP) DESC NULLS LAST, line DESC) AS k
                          FROM order_versions)
                    WHERE k = 1 AND CAST(order_ts AS TIMESTAMP) <= TIMESTAMP '2026-10-31 23:59:59.999999'),
                line_versions AS (
                    SELECT *, row_number() OVER () AS line FROM read_csv('%1$s/order_lines.csv', header = true, all_varchar = true)),
                lines AS (
                    SELECT order_id, nullif(product_id, '') AS product_id, CAST(quantity AS INTEGER) AS quantity,
                           CAST(quantity AS INTEGER) * CAST(unit_price AS DECIMAL(18,4))
                               - coalesce(CAST(nullif(discount_amount, '') AS DECIMAL(18,4)), 0) AS revenue
                    FROM (SELECT *, row_number() OVER (PARTITION BY order_id, line_no ORDER BY line DESC) AS k FROM line_versions)
                    WHERE k = 1),
                product_versions AS (
                    SELECT *, row_number() OVER () AS line FROM read_csv('%1$s/products.csv', header = true, all_varchar = true)),
                products AS (
                    SELECT product_id, nullif(category, '') AS category
                    FROM (SELECT *, row_number() OVER (PARTITION BY product_id
                                    ORDER BY CAST(nullif(updated_at, '') AS TIMESTAMP) DESC NULLS LAST, line DESC) AS k
                          FROM product_versions)
                    WHERE k = 1),
                purchases AS (
                    SELECT o.order_id, o.customer_id, CAST(o.order_ts AS DATE) AS order_date
                    FROM orders o JOIN lines l ON l.order_id = o.order_id
                    WHERE o.status = 'completed'
                    GROUP BY o.order_id, o.customer_id, CAST(o.order_ts AS DATE)
                    HAVING sum(l.revenue) > 0),
                purchase_lines AS (
                    SELECT p.customer_id, CAST(date_trunc('month', p.order_date) AS DATE) AS month, pr.category,
                           l.quantity, l.revenue
                    FROM purchases p JOIN lines l ON l.order_id = p.order_id
                    JOIN products pr ON pr.product_id = l.product_id
                    WHERE pr.category IS NOT NULL)
                """.formatted(inbox.toAbsolutePath().toString().replace("'", "''"));

        String crossSell = sources + """
                , category_months AS (
                    SELECT DISTINCT customer_id, month, category FROM purchase_lines WHERE quantity > 0 AND revenue > 0),
                buyers AS (
                    SELECT DISTINCT customer_id, CAST(date_trunc('month', order_date) AS DATE) AS month FROM purchases),
                per_buyer AS (
                    SELECT b.month,
                           b.month > (SELECT min(month) FROM buyers f WHERE f.customer_id = b.customer_id) AS is_repeat,
                           EXISTS (SELECT 1 FROM category_months c
                                   WHERE c.customer_id = b.customer_id AND c.month = b.month
                                     AND NOT EXISTS (SELECT 1 FROM category_months e
                                                     WHERE e.customer_id = c.customer_id AND e.category = c.category
                                                       AND e.month < c.month)) AS has_new,
                           (SELECT count(DISTINCT c.category) FROM category_months c
                            WHERE c.customer_id = b.customer_id AND c.month <= b.month) AS breadth
                    FROM buyers b),
                months AS (
                    SELECT CAST(m AS DATE) AS month
                    FROM generate_series((SELECT date_trunc('month', min(order_ts)) FROM orders),
                                         TIMESTAMP '2026-10-01', INTERVAL 1 MONTH) t(m)),
                expected AS (
                    SELECT m.month,
                           count(b.month) AS buyers,
                           count(b.month) FILTER (WHERE NOT b.is_repeat) AS first_time_buyers,
                           count(b.month) FILTER (WHERE b.is_repeat) AS repeat_buyers,
                           count(b.month) FILTER (WHERE b.has_new) AS new_category_buyers,
                           count(b.month) FILTER (WHERE b.has_new AND b.is_repeat) AS cross_sell_buyers,
                           count(b.month) FILTER (WHERE b.has_new AND b.is_repeat)
                               / nullif(count(b.month) FILTER (WHERE b.is_repeat), 0) AS cross_sell_rate,
                           avg(b.breadth) AS avg_category_breadth,
                           last_day(m.month) > DATE '2026-10-31' AS is_partial
                    FROM months m LEFT JOIN per_buyer b ON b.month = m.month
                    GROUP BY m.month)
                SELECT coalesce(e.month, p.month), e.buyers, p.buyers, e.first_time_buyers, p.first_time_buyers,
                       e.repeat_buyers, p.repeat_buyers, e.new_category_buyers, p.new_category_buyers,
                       e.cross_sell_buyers, p.cross_sell_buyers, e.cross_sell_rate, p.cross_sell_rate,
                       e.avg_category_breadth, p.avg_category_breadth
                FROM expected e FULL OUTER JOIN mart_cross_sell_monthly p ON p.month = e.month
                WHERE e.month IS NULL OR p.month IS NULL
                   OR e.buyers <> p.buyers OR e.first_time_buyers <> p.first_time_buyers
                   OR e.repeat_buyers <> p.repeat_buyers OR e.new_category_buyers <> p.new_category_buyers
                   OR e.cross_sell_buyers <> p.cross_sell_buyers
                   OR NOT coalesce(abs(e.cross_sell_rate - p.cross_sell_rate) < 1e-9,
                                   e.cross_sell_rate IS NULL AND p.cross_sell_rate IS NULL)
                   OR NOT coalesce(abs(e.avg_category_breadth - p.avg_category_breadth) < 1e-9,
                                   e.avg_category_breadth IS NULL AND p.avg_category_breadth IS NULL)
                   OR e.is_partial <> p.is_partial""";
        assertThat(published.rows(crossSell)).isEmpty();

        String perCustomer = sources + """
                , category_revenue AS (
                    SELECT customer_id, category, sum(revenue) AS revenue,
                           bool_or(quantity > 0 AND revenue > 0) AS bought
                    FROM purchase_lines GROUP BY customer_id, category),
                expected AS (
                    SELECT customer_id,
                           count(*) FILTER (WHERE bought) AS category_breadth,
                           (list(category ORDER BY revenue DESC, category ASC) FILTER (WHERE bought AND revenue > 0))[1]
                               AS top_category
                    FROM category_revenue GROUP BY customer_id),
                published AS (
                    SELECT customer_id, category_breadth, top_category FROM mart_customer_value
                    WHERE category_breadth <> 0 OR top_category IS NOT NULL)
                SELECT coalesce(e.customer_id, p.customer_id), e.category_breadth, p.category_breadth,
                       e.top_category, p.top_category
                FROM (SELECT * FROM expected WHERE category_breadth > 0 OR top_category IS NOT NULL) e
                FULL OUTER JOIN published p ON p.customer_id = e.customer_id
                WHERE e.customer_id IS NULL OR p.customer_id IS NULL
                   OR e.category_breadth <> p.category_breadth
                   OR e.top_category IS DISTINCT FROM p.top_category""";
        assertThat(published.rows(perCustomer)).isEmpty();

        // not a vacuous comparison: the demo cross-sells, and most buyers have a top category
        assertThat(published.rows("""
                SELECT count(*) > 24, sum(cross_sell_buyers) > 0, bool_and(cross_sell_rate BETWEEN 0 AND 1),
                       bool_and(cross_sell_buyers <= new_category_buyers AND cross_sell_buyers <= repeat_buyers)
                FROM mart_cross_sell_monthly""")).containsExactly(List.of("true", "true", "true", "true"));
        assertThat(published.rows("""
                SELECT count(*) FILTER (WHERE top_category IS NOT NULL) > 1000, max(category_breadth) > 1,
                       count(*) FILTER (WHERE top_category IS NOT NULL AND category_breadth = 0)
                FROM mart_customer_value""")).containsExactly(List.of("true", "true", "0"));
        // D is a month end: its month is complete, and its average breadth is that of its buyers'
        // category_breadth as of D in mart_customer_value
        assertThat(published.rows("""
                WITH d_buyers AS (
                    SELECT DISTINCT customer_id FROM fact_order
                    WHERE is_purchase AND order_date >= DATE '2026-10-01')
                SELECT abs(avg(v.category_breadth) - (SELECT avg_category_breadth FROM mart_cross_sell_monthly
                                                      WHERE month = DATE '2026-10-01')) < 1e-9
                FROM d_buyers b JOIN mart_customer_value v ON v.customer_id = b.customer_id""")).containsExactly(List.of("true"));
    }

    /**
     * The complaint operations (docs/contract.md §4.13) of mart_complaint_operations_monthly,
     * mart_complaints_monthly and mart_complaint_causes equal plain SQL over the demo's raw CSV files (complaints.csv,
     * orders.csv, order_lines.csv, contracts.csv), written from the definitions and not from the
     * marts' SQL or the lake: the latest version of each row (§4.2), complaints received by the
     * end of D (§4.1), a complaint closed after D is open on D; open at a month's end = received by
     * the end of its last day (of D in D's month) and not closed by then; overdue = more than 30 × 24 h
     * between receipt and that end; activity (§4.4) from purchases and contracts, not from
     * fact_customer_month.
     */
    @Test
    void complaintOperationsEqualIndependentSqlOverTheRawCsv() {
        String sources = """
                WITH complaint_versions AS (
                    SELECT *, row_number() OVER () AS line FROM read_csv('%1$s/complaints.csv', header = true, all_varchar = true)),
                complaints AS (
                    SELECT customer_id, CAST(received_at AS TIMESTAMP) AS received_at,
                           coalesce(lower(nullif(channel, '')), 'unknown') AS channel,
                           coalesce(nullif(category, ''), 'unknown') AS category,
                           lower(nullif(severity, '')) AS severity,
                           coalesce(nullif(root_cause, ''), 'unknown') AS root_cause,
                           CAST(nullif(compensation_amount, '') AS DECIMAL(18,2)) AS compensation,
                           lower(status) IN ('resolved', 'rejected')
                               AND (nullif(resolved_at, '') IS NULL
                                    OR CAST(resolved_at AS TIMESTAMP) <= TIMESTAMP '2026-10-31 23:59:59.999999') AS closed,
                           CAST(nullif(resolved_at, '') AS TIMESTAMP) AS resolved_at
                    FROM (SELECT *, row_number() OVER (PARTITION BY complaint_id
                                    ORDER BY CAST(nullif(updated_at, '') AS TIMESTAMP) DESC NULLS LAST, line DESC) AS k
                          FROM complaint_versions)
                    WHERE k = 1 AND CAST(received_at AS TIMESTAMP) <= TIMESTAMP '2026-10-31 23:59:59.999999'),
                order_versions AS (
                    SELECT *, row_number() OVER () AS line FROM read_csv('%1$s/orders.csv', header = true, all_varchar = true)),
                orders AS (
                    SELECT order_id, customer_id, CAST(order_ts AS TIMESTAMP) AS order_ts,
                           coalesce(nullif(status, ''), 'completed') AS status
                    FROM (SELECT *, row_number() OVER (PARTITION BY order_id
                                    ORDER BY CAST(nullif(updated_at, '') AS TIMESTAMP) DESC NULLS LAST, line DESC) AS k
                          FROM order_versions)
                    WHERE k = 1 AND CAST(order_ts AS TIMESTAMP) <= TIMESTAMP '2026-10-31 23:59:59.999999'),
                line_versions AS (
                    SELECT *, row_number() OVER () AS line FROM read_csv('%1$s/order_lines.csv', header = true, all_varchar = true)),
                lines AS (
                    SELECT order_id, CAST(quantity AS INTEGER) * CAST(unit_price AS DECIMAL(18,4))
                               - coalesce(CAST(nullif(discount_amount, '') AS DECIMAL(18,4)), 0) AS revenue
                    FROM (SELECT *, row_number() OVER (PARTITION BY order_id, line_no ORDER BY line DESC) AS k FROM line_versions)
                    WHERE k = 1),
                purchases AS (
                    SELECT o.customer_id, CAST(o.order_ts AS DATE) AS order_date, sum(l.revenue) AS revenue
                    FROM orders o JOIN lines l ON l.order_id = o.order_id
                    WHERE o.status = 'completed'
                    GROUP BY o.order_id, o.customer_id, CAST(o.order_ts AS DATE)
                    HAVING sum(l.revenue) > 0),
                contract_versions AS (
                    SELECT *, row_number() OVER () AS line FROM read_csv('%1$s/contracts.csv', header = true, all_varchar = true)),
                contracts AS (
                    SELECT customer_id, CAST(start_date AS DATE) AS start_date, CAST(nullif(end_date, '') AS DATE) AS end_date,
                           CASE WHEN CAST(nullif(cancelled_at, '') AS TIMESTAMP) <= TIMESTAMP '2026-10-31 23:59:59.999999'
                                THEN CAST(CAST(cancelled_at AS TIMESTAMP) AS DATE) END AS cancel_date
                    FROM (SELECT *, row_number() OVER (PARTITION BY contract_id
                                    ORDER BY CAST(nullif(updated_at, '') AS TIMESTAMP) DESC NULLS LAST, line DESC) AS k
                          FROM contract_versions)
                    WHERE k = 1 AND CAST(start_date AS DATE) <= DATE '2026-10-31'),
                months AS (
                    SELECT CAST(m AS DATE) AS month, least(last_day(CAST(m AS DATE)), DATE '2026-10-31') AS snapshot
                    FROM generate_series((SELECT date_trunc('month', min(received_at)) FROM complaints),
                                         TIMESTAMP '2026-10-01', INTERVAL 1 MONTH) t(m)),
                backlog AS (
                    SELECT m.month, c.root_cause,
                           c.received_at < CAST(m.snapshot AS TIMESTAMP) + INTERVAL 1 DAY - INTERVAL 1 MICROSECOND
                                           - INTERVAL 30 DAY AS overdue
                    FROM months m JOIN complaints c
                      ON CAST(c.received_at AS DATE) <= m.snapshot
                     AND NOT (c.closed AND (c.resolved_at IS NULL OR CAST(c.resolved_at AS DATE) <= m.snapshot))),
                active AS (
                    SELECT m.month, count(DISTINCT a.customer_id) AS active_customers
                    FROM months m JOIN (
                        SELECT customer_id, order_date AS from_day, order_date + 179 AS to_day FROM purchases
                        UNION ALL
                        SELECT customer_id, start_date,
                               least(coalesce(end_date, DATE '9999-12-31'), coalesce(cancel_date, DATE '9999-12-31'))
                        FROM contracts) a
                      ON m.snapshot BETWEEN a.from_day AND a.to_day
                    GROUP BY m.month)
                """.formatted(inbox.toAbsolutePath().toString().replace("'", "''"));

        String cells = sources + """
                , expected AS (
                    SELECT CAST(date_trunc('month', received_at) AS DATE) AS month, channel, category,
                           count(DISTINCT customer_id) AS complainants,
                           count(*) FILTER (WHERE severity = 'low') AS low,
                           count(*) FILTER (WHERE severity = 'medium') AS medium,
                           count(*) FILTER (WHERE severity = 'high') AS high,
                           count(*) FILTER (WHERE severity = 'critical') AS critical,
                           coalesce(sum(compensation) FILTER (WHERE severity = 'low' AND closed), 0) AS low_compensation
                    FROM complaints GROUP BY ALL)
                SELECT coalesce(e.month, p.month), coalesce(e.channel, p.channel), coalesce(e.category, p.category),
                       e.complainants, p.complainants, e.low, p.low_severity_complaints, e.medium, p.medium_severity_complaints,
                       e.high, p.high_severity_complaints, e.critical, p.critical_severity_complaints,
                       e.low_compensation, p.low_severity_compensation
                FROM expected e
                FULL OUTER JOIN mart_complaints_monthly p
                  ON p.month = e.month AND p.channel = e.channel AND p.category = e.category
                WHERE e.month IS NULL OR p.month IS NULL
                   OR e.complainants <> p.complainants OR e.low <> p.low_severity_complaints
                   OR e.medium <> p.medium_severity_complaints OR e.high <> p.high_severity_complaints
                   OR e.critical <> p.critical_severity_complaints OR e.low_compensation <> p.low_severity_compensation
                ORDER BY 1, 2, 3""";
        assertThat(published.rows(cells)).isEmpty();

        // the month grain: every month from the first complaint's through D's, none skipped
        String monthly = sources + """
                , received AS (
                    SELECT CAST(date_trunc('month', received_at) AS DATE) AS month, count(*) AS complaints,
                           count(DISTINCT customer_id) AS complainants,
                           count(*) FILTER (WHERE severity = 'low') AS low,
                           count(*) FILTER (WHERE severity = 'medium') AS medium,
                           count(*) FILTER (WHERE severity = 'high') AS high,
                           count(*) FILTER (WHERE severity = 'critical') AS critical,
                           coalesce(sum(compensation) FILTER (WHERE severity = 'low' AND closed), 0) AS low_compensation
                    FROM complaints GROUP BY ALL),
                open AS (
                    SELECT month, count(*) AS open, count(*) FILTER (WHERE overdue) AS overdue FROM backlog GROUP BY ALL),
                expected AS (
                    SELECT m.month, last_day(m.month) > DATE '2026-10-31' AS is_partial,
                           coalesce(r.complaints, 0) AS complaints, coalesce(r.complainants, 0) AS complainants,
                           coalesce(a.active_customers, 0) AS active,
                           coalesce(r.low, 0) AS low, coalesce(r.medium, 0) AS medium, coalesce(r.high, 0) AS high,
                           coalesce(r.critical, 0) AS critical, coalesce(r.low_compensation, 0) AS low_compensation,
                           coalesce(o.open, 0) AS open, coalesce(o.overdue, 0) AS overdue
                    FROM months m
                    LEFT JOIN received r ON r.month = m.month
                    LEFT JOIN active a ON a.month = m.month
                    LEFT JOIN open o ON o.month = m.month)
                SELECT coalesce(e.month, p.month), e.complaints, p.complaints, e.complainants, p.complainants,
                       e.active, p.active_customers, p.complaint_rate, e.low, p.low_severity_complaints,
                       e.critical, p.critical_severity_complaints, e.low_compensation, p.low_severity_compensation,
                       e.open, p.open_at_month_end, e.overdue, p.overdue_at_month_end
                FROM expected e
                FULL OUTER JOIN mart_complaint_operations_monthly p ON p.month = e.month
                WHERE e.month IS NULL OR p.month IS NULL OR e.is_partial <> p.is_partial
                   OR e.complaints <> p.complaints OR e.complainants <> p.complainants
                   OR e.active <> p.active_customers
                   OR e.low <> p.low_severity_complaints OR e.medium <> p.medium_severity_complaints
                   OR e.high <> p.high_severity_complaints OR e.critical <> p.critical_severity_complaints
                   OR e.low_compensation <> p.low_severity_compensation
                   OR e.open <> p.open_at_month_end OR e.overdue <> p.overdue_at_month_end
                   OR NOT coalesce(abs(p.complaint_rate - e.complainants / e.active) < 1e-9,
                                   e.active = 0 AND p.complaint_rate IS NULL)
                ORDER BY 1""";
        assertThat(published.rows(monthly)).isEmpty();

        String causes = sources + """
                , received AS (
                    SELECT CAST(date_trunc('month', received_at) AS DATE) AS month, root_cause,
                           count(*) AS complaints, count(DISTINCT customer_id) AS customers
                    FROM complaints GROUP BY ALL),
                firsts AS (
                    SELECT CAST(date_trunc('month', min(received_at)) AS DATE) AS month, root_cause, customer_id
                    FROM complaints GROUP BY root_cause, customer_id),
                open AS (
                    SELECT month, root_cause, count(*) AS open, count(*) FILTER (WHERE overdue) AS overdue
                    FROM backlog GROUP BY ALL),
                expected AS (
                    SELECT coalesce(r.month, o.month) AS month, coalesce(r.root_cause, o.root_cause) AS root_cause,
                           coalesce(r.complaints, 0) AS complaints, coalesce(r.customers, 0) AS customers,
                           (SELECT count(*) FROM firsts f WHERE f.month = coalesce(r.month, o.month)
                                AND f.root_cause = coalesce(r.root_cause, o.root_cause)) AS new_customers,
                           coalesce(o.open, 0) AS open, coalesce(o.overdue, 0) AS overdue
                    FROM received r FULL OUTER JOIN open o ON o.month = r.month AND o.root_cause = r.root_cause)
                SELECT coalesce(e.month, p.month), coalesce(e.root_cause, p.root_cause), e.complaints, p.complaints,
                       e.customers, p.complaining_customers, e.new_customers, p.new_complaining_customers,
                       e.open, p.open_at_month_end, e.overdue, p.overdue_at_month_end
                FROM expected e
                FULL OUTER JOIN mart_complaint_causes p ON p.month = e.month AND p.root_cause = e.root_cause
                WHERE e.month IS NULL OR p.month IS NULL
                   OR e.complaints <> p.complaints OR e.customers <> p.complaining_customers
                   OR e.new_customers <> p.new_complaining_customers
                   OR e.open <> p.open_at_month_end OR e.overdue <> p.overdue_at_month_end
                ORDER BY 1, 2""";
        assertThat(published.rows(causes)).isEmpty();

        // not vacuous: years of months, a backlog that goes overdue, every severity, trivial costs
        assertThat(published.rows("""
                SELECT count(*) > 24, max(overdue_at_month_end) > 0,
                       max(open_at_month_end) > max(overdue_at_month_end),
                       sum(low_severity_complaints) > 0 AND sum(critical_severity_complaints) > 0,
                       sum(low_severity_compensation) > 0, bool_and(complaint_rate BETWEEN 0 AND 1)
                FROM mart_complaint_operations_monthly""")).containsExactly(List.of("true", "true", "true", "true", "true", "true"));
        // the two other marts add up to the month's: the causes' backlog (a month without a cause
        // row has none), and the channel × category cells' complaints, severities and trivial cost
        assertThat(published.rows("""
                SELECT o.month FROM mart_complaint_operations_monthly o
                LEFT JOIN (SELECT month, sum(open_at_month_end) AS open, sum(overdue_at_month_end) AS overdue
                           FROM mart_complaint_causes GROUP BY month) c ON c.month = o.month
                LEFT JOIN (SELECT month, sum(complaints) AS complaints, sum(low_severity_complaints) AS low,
                                  sum(medium_severity_complaints) AS medium, sum(high_severity_complaints) AS high,
                                  sum(critical_severity_complaints) AS critical,
                                  sum(low_severity_compensation) AS low_compensation
                           FROM mart_complaints_monthly GROUP BY month) m ON m.month = o.month
                WHERE coalesce(c.open, 0) <> o.open_at_month_end OR coalesce(c.overdue, 0) <> o.overdue_at_month_end
                   OR coalesce(m.complaints, 0) <> o.complaints OR coalesce(m.low, 0) <> o.low_severity_complaints
                   OR coalesce(m.medium, 0) <> o.medium_severity_complaints
                   OR coalesce(m.high, 0) <> o.high_severity_complaints
                   OR coalesce(m.critical, 0) <> o.critical_severity_complaints
                   OR coalesce(m.low_compensation, 0) <> o.low_severity_compensation""")).isEmpty();
    }

    /**
     * mart_satisfaction_touchpoint_monthly (docs/contract.md §4.13) equals plain SQL over the raw
     * surveys.csv, orders.csv and order_lines.csv: the tier from each customer's purchase revenue
     * over the month and the 11 before, ranked by counting the customers with strictly more, and
     * the totals from GROUPING SETS rather than the mart's unions: over touchpoints, touchpoint null
     * and is_touchpoint_total; over tiers, value_tier 'all'.
     */
    @Test
    void satisfactionByTouchpointEqualsIndependentSqlOverTheRawCsv() {
        String sql = """
                WITH survey_lines AS (
                    SELECT *, row_number() OVER () AS line FROM read_csv('%1$s/surveys.csv', header = true, all_varchar = true)),
                surveys AS (
                    SELECT customer_id, CAST(date_trunc('month', CAST(responded_at AS TIMESTAMP)) AS DATE) AS month,
                           upper(kind) AS kind, CAST(score AS INTEGER) AS score,
                           coalesce(nullif(touchpoint, ''), 'unknown') AS touchpoint
                    FROM (SELECT *, row_number() OVER (PARTITION BY response_id ORDER BY line DESC) AS k FROM survey_lines)
                    WHERE k = 1 AND CAST(responded_at AS TIMESTAMP) <= TIMESTAMP '2026-10-31 23:59:59.999999'),
                order_versions AS (
                    SELECT *, row_number() OVER () AS line FROM read_csv('%1$s/orders.csv', header = true, all_varchar = true)),
                orders AS (
                    SELECT order_id, customer_id, CAST(order_ts AS TIMESTAMP) AS order_ts,
                           coalesce(nullif(status, ''), 'completed') AS status
                    FROM (SELECT *, row_number() OVER (PARTITION BY order_id
                                    ORDER BY CAST(nullif(updated_at, '') AS TIMESTAMP) DESC NULLS LAST, line DESC) AS k
                          FROM order_versions)
                    WHERE k = 1 AND CAST(order_ts AS TIMESTAMP) <= TIMESTAMP '2026-10-31 23:59:59.999999'),
                line_versions AS (
                    SELECT *, row_number() OVER () AS line FROM read_csv('%1$s/order_lines.csv', header = true, all_varchar = true)),
                lines AS (
                    SELECT order_id, CAST(quantity AS INTEGER) * CAST(unit_price AS DECIMAL(18,4))
                               - coalesce(CAST(nullif(discount_amount, '') AS DECIMAL(18,4)), 0) AS revenue
                    FROM (SELECT *, row_number() OVER (PARTITION BY order_id, line_no ORDER BY line DESC) AS k FROM line_versions)
                    WHERE k = 1),
                purchases AS (
                    SELECT o.customer_id, CAST(o.order_ts AS DATE) AS order_date, sum(l.revenue) AS revenue
                    FROM orders o JOIN lines l ON l.order_id = o.order_id
                    WHERE o.status = 'completed'
                    GROUP BY o.order_id, o.customer_id, CAST(o.order_ts AS DATE)
                    HAVING sum(l.revenue) > 0),
                revenue_12m AS (
                    SELECT m.month, p.customer_id, sum(p.revenue) AS revenue
                    FROM (SELECT DISTINCT month FROM surveys) m
                    JOIN purchases p ON p.order_date BETWEEN m.month - INTERVAL 11 MONTH AND last_day(m.month)
                    GROUP BY ALL),
                top20 AS (
                    SELECT a.month, a.customer_id
                    FROM revenue_12m a
                    WHERE 5 * (SELECT count(*) FROM revenue_12m b WHERE b.month = a.month AND b.revenue > a.revenue)
                          < (SELECT count(*) FROM revenue_12m b WHERE b.month = a.month)),
                tiered AS (
                    SELECT s.*, CASE WHEN t.customer_id IS NULL THEN 'rest' ELSE 'top20' END AS value_tier
                    FROM surveys s LEFT JOIN top20 t ON t.month = s.month AND t.customer_id = s.customer_id),
                expected AS (
                    SELECT month,
                           touchpoint, grouping(touchpoint) = 1 AS is_touchpoint_total,
                           CASE WHEN grouping(value_tier) = 1 THEN 'all' ELSE value_tier END AS value_tier,
                           count(*) FILTER (WHERE kind = 'CSAT') AS csat_responses,
                           avg(score) FILTER (WHERE kind = 'CSAT') AS csat_avg,
                           100.0 * count(*) FILTER (WHERE kind = 'CSAT' AND score >= 4)
                               / nullif(count(*) FILTER (WHERE kind = 'CSAT'), 0) AS csat_satisfied_pct,
                           count(*) FILTER (WHERE kind = 'NPS') AS nps_responses,
                           count(*) FILTER (WHERE kind = 'NPS' AND score >= 9) AS promoters,
                           count(*) FILTER (WHERE kind = 'NPS' AND score IN (7, 8)) AS passives,
                           count(*) FILTER (WHERE kind = 'NPS' AND score <= 6) AS detractors,
                           100.0 * (count(*) FILTER (WHERE kind = 'NPS' AND score >= 9)
                                    - count(*) FILTER (WHERE kind = 'NPS' AND score <= 6))
                               / nullif(count(*) FILTER (WHERE kind = 'NPS'), 0) AS nps
                    FROM tiered
                    GROUP BY GROUPING SETS ((month, touchpoint, value_tier), (month, touchpoint),
                                            (month, value_tier), (month)))
                """.formatted(inbox.toAbsolutePath().toString().replace("'", "''"));
        assertThat(published.rows(sql + """
                SELECT coalesce(e.month, p.month), coalesce(e.touchpoint, p.touchpoint),
                       coalesce(e.is_touchpoint_total, p.is_touchpoint_total),
                       coalesce(e.value_tier, p.value_tier), e.csat_responses, p.csat_responses,
                       e.nps_responses, p.nps_responses, e.nps, p.nps
                FROM expected e
                FULL OUTER JOIN mart_satisfaction_touchpoint_monthly p
                  ON p.month = e.month AND p.touchpoint IS NOT DISTINCT FROM e.touchpoint
                 AND p.is_touchpoint_total = e.is_touchpoint_total AND p.value_tier = e.value_tier
                WHERE e.month IS NULL OR p.month IS NULL
                   OR e.csat_responses <> p.csat_responses OR e.nps_responses <> p.nps_responses
                   OR e.promoters <> p.promoters OR e.passives <> p.passives OR e.detractors <> p.detractors
                   OR NOT coalesce(abs(e.csat_avg - p.csat_avg) < 1e-9, e.csat_avg IS NULL AND p.csat_avg IS NULL)
                   OR NOT coalesce(abs(e.csat_satisfied_pct - p.csat_satisfied_pct) < 1e-9,
                                   e.csat_satisfied_pct IS NULL AND p.csat_satisfied_pct IS NULL)
                   OR NOT coalesce(abs(e.nps - p.nps) < 1e-9, e.nps IS NULL AND p.nps IS NULL)
                ORDER BY 1, 3, 2, 4""")).isEmpty();
        // not vacuous: months of answers at several touchpoints, in both tiers; and in D's month the
        // tier is is_top20 of mart_customer_value
        assertThat(published.rows(sql + """
                SELECT count(DISTINCT month) > 24, count(DISTINCT touchpoint) > 2,
                       sum(csat_responses + nps_responses) FILTER (WHERE value_tier = 'top20') > 0
                FROM expected WHERE NOT is_touchpoint_total AND value_tier <> 'all'""")).containsExactly(List.of("true", "true", "true"));
        // a total row is exactly one with a null touchpoint: the source's never is (null → unknown)
        assertThat(published.rows("""
                SELECT count(*) FROM mart_satisfaction_touchpoint_monthly
                WHERE is_touchpoint_total <> (touchpoint IS NULL) OR is_touchpoint_total IS NULL""")).containsExactly(List.of("0"));
        assertThat(published.rows(sql + """
                SELECT t.customer_id FROM tiered t JOIN mart_customer_value v ON v.customer_id = t.customer_id
                WHERE t.month = DATE '2026-10-01' AND (t.value_tier = 'top20') <> v.is_top20""")).isEmpty();
    }

    // ---------------------------------------------------------------- the forecast (docs/contract.md §4.19)

    /**
     * The demo's purchase days from the raw CSV files, written from §4.3 and not from the SQL of
     * the warehouse: the latest version of each order (§4.2), placed by the end of D, status
     * completed (empty meaning completed), Σ quantity × unit_price − discount above 0; one row per
     * customer and UTC day with the day's revenue.
     */
    private static String purchaseDays() {
        String inbox = dir.resolve("inbox").toAbsolutePath().toString().replace("'", "''");
        return """
                WITH orders AS (
                    SELECT order_id, customer_id, CAST(order_ts AS TIMESTAMP) AS order_ts,
                           coalesce(nullif(status, ''), 'completed') AS status
                    FROM read_csv('%1$s/orders.csv', header = true, all_varchar = true)
                    QUALIFY row_number() OVER (PARTITION BY order_id ORDER BY CAST(updated_at AS TIMESTAMP) DESC) = 1),
                lines AS (
                    SELECT order_id, CAST(quantity AS INTEGER) * CAST(unit_price AS DECIMAL(18,4))
                               - coalesce(CAST(nullif(discount_amount, '') AS DECIMAL(18,4)), 0) AS net
                    FROM read_csv('%1$s/order_lines.csv', header = true, all_varchar = true)),
                purchases AS (
                    SELECT o.customer_id, CAST(o.order_ts AS DATE) AS day, sum(l.net) AS revenue
                    FROM orders o JOIN lines l ON l.order_id = o.order_id
                    WHERE o.order_ts <= TIMESTAMP '2026-10-31 23:59:59.999999' AND o.status = 'completed'
                    GROUP BY o.order_id, o.customer_id, o.order_ts
                    HAVING sum(l.net) > 0),
                days AS (
                    SELECT customer_id, day, sum(revenue) AS revenue FROM purchases GROUP BY customer_id, day)
                """.formatted(inbox);
    }

    /** model_fit's value of a model's parameter. */
    private static double fitted(String model, String parameter) {
        return Double.parseDouble(published
                .rows("SELECT value FROM model_fit WHERE model = '" + model + "' AND parameter = '" + parameter + "'")
                .get(0)
                .get(0));
    }

    /**
     * Σ over the customers with a purchase by {@code historyEnd} of E[X(t_k)] − E[X(t_{k−1})] (and × their
     * expected order value), t_k the days from historyEnd to the end of the k-th calendar month after
     * its month, over histories recomputed from the raw CSV files and the model's published parameters,
     * customer by customer (not per distinct history as the predict step does): {purchases, revenue}
     * per month, and the customers.
     */
    private static double[][] forecastFromRawHistories(
            String bgNbd, String gammaGamma, LocalDate historyEnd, int months) {
        io.clientele.warehouse.predict.BgNbdModel m = new io.clientele.warehouse.predict.BgNbdModel(
                fitted(bgNbd, "r"), fitted(bgNbd, "alpha"), fitted(bgNbd, "a"), fitted(bgNbd, "b"));
        double p = fitted(gammaGamma, "p"), q = fitted(gammaGamma, "q"), v = fitted(gammaGamma, "v");
        double[][] out = new double[3][months];
        for (List<String> h : published.rows(purchaseDays() + """
                , f AS (SELECT customer_id, min(day) AS first_day FROM days WHERE day <= DATE '%1$s' GROUP BY customer_id)
                SELECT count(*) - 1, max(day) - first_day, DATE '%1$s' - first_day,
                       sum(CASE WHEN day > first_day THEN revenue END)
                FROM days JOIN f USING (customer_id) WHERE day <= DATE '%1$s'
                GROUP BY customer_id, first_day""".formatted(historyEnd))) {
            long x = Long.parseLong(h.get(0));
            double tx = Double.parseDouble(h.get(1)) / 7;
            double age = Double.parseDouble(h.get(2)) / 7;
            double orderValue = x > 0
                    ? (v + Double.parseDouble(h.get(3))) * p / (p * x + q - 1) // x·m̄ = the repeat revenue
                    : p * v / (q - 1);
            java.time.YearMonth month = java.time.YearMonth.from(historyEnd);
            double before = m.conditionalExpectedPurchases(
                    java.time.temporal.ChronoUnit.DAYS.between(historyEnd, month.atEndOfMonth()) / 7.0, x, tx, age);
            for (int k = 1; k <= months; k++) {
                double upTo = m.conditionalExpectedPurchases(
                        java.time.temporal.ChronoUnit.DAYS.between(
                                        historyEnd, month.plusMonths(k).atEndOfMonth())
                                / 7.0,
                        x,
                        tx,
                        age);
                out[0][k - 1] += upTo - before;
                out[1][k - 1] += (upTo - before) * orderValue;
                before = upTo;
            }
            out[2][0]++;
        }
        return out;
    }

    /**
     * forecast_monthly's 12 months after D's (November 2026 … October 2027) equal the forecast
     * recomputed customer by customer from the raw CSV histories and the night's published BG/NBD
     * and Gamma-Gamma parameters, to 1e-6 relative; and they add up to E[X(365 days)], a quarter
     * day short of predicted_purchases_12m's 365.25 days.
     */
    @Test
    void forecastEqualsTheConditionalExpectationsOfTheRawHistories() {
        List<List<String>> rows = published.rows("""
                SELECT CAST(month AS VARCHAR), months_ahead, history_end, customers, expected_purchases,
                       expected_revenue, actual_purchases, actual_revenue
                FROM forecast_monthly WHERE NOT is_backtest AND as_of_date = DATE '2026-10-31' ORDER BY month""");
        assertThat(rows).hasSize(12);
        double[][] expected = forecastFromRawHistories("bg_nbd", "gamma_gamma", LocalDate.of(2026, 10, 31), 12);
        double purchases = 0;
        for (int k = 1; k <= 12; k++) {
            List<String> row = rows.get(k - 1);
            assertThat(row.subList(0, 4))
                    .containsExactly(
                            LocalDate.of(2026, 11, 1).plusMonths(k - 1).toString(),
                            Integer.toString(k),
                            "2026-10-31",
                            Long.toString((long) expected[2][0]));
            assertThat(Double.parseDouble(row.get(4)))
                    .as("purchases of month %d", k)
                    .isCloseTo(expected[0][k - 1], org.assertj.core.api.Assertions.withinPercentage(1e-4));
            assertThat(Double.parseDouble(row.get(5)))
                    .as("revenue of month %d", k)
                    .isCloseTo(expected[1][k - 1], org.assertj.core.api.Assertions.withinPercentage(1e-4));
            assertThat(row.subList(6, 8)).containsExactly("NULL", "NULL");
            purchases += Double.parseDouble(row.get(4));
        }
        // not vacuous: thousands of purchasers, hundreds of purchase days a month
        assertThat(expected[2][0]).isGreaterThan(1_000);
        assertThat(expected[0][0]).isGreaterThan(100);
        // predicted_purchases_12m looks 365.25 days ahead, the 12 calendar months from 2026-10-31 365 days
        double twelveMonths = Double.parseDouble(published
                .rows("SELECT sum(predicted_purchases_12m) FROM mart_customer_value")
                .get(0)
                .get(0));
        assertThat(purchases / twelveMonths).isBetween(0.998, 1.0);
    }

    /**
     * The backtest: cutoff 2026-07-31 (October 2026 is D's month and complete, the third month before
     * it is July); its 3 rows' actuals are the purchase days and revenue, in August, September and
     * October 2026, of the customers with a purchase by the cutoff, recomputed from the raw CSV files;
     * the forecast is the one of the raw histories cut at the cutoff with forecast_backtest's
     * parameters; model_fit's errors are actual − forecast and (actual − forecast) ÷ actual.
     */
    @Test
    void backtestActualsAndErrorsEqualIndependentSqlOverTheRawCsv() {
        List<List<String>> actual = published.rows(purchaseDays() + """
                , existing AS (SELECT customer_id FROM days WHERE day <= DATE '2026-07-31' GROUP BY customer_id)
                SELECT CAST(date_trunc('month', day) AS DATE), count(*), round(sum(revenue), 2)
                FROM days JOIN existing USING (customer_id)
                WHERE day > DATE '2026-07-31' GROUP BY ALL ORDER BY 1""");
        List<List<String>> rows = published.rows("""
                SELECT month, months_ahead, history_end, customers, actual_purchases, actual_revenue,
                       expected_purchases, expected_revenue
                FROM forecast_monthly WHERE is_backtest ORDER BY month""");
        assertThat(rows).hasSize(3);
        assertThat(actual).hasSize(3);
        double[][] forecast =
                forecastFromRawHistories("forecast_backtest", "forecast_backtest", LocalDate.of(2026, 7, 31), 3);
        for (int k = 1; k <= 3; k++) {
            List<String> row = rows.get(k - 1);
            assertThat(row.subList(0, 6))
                    .containsExactly(
                            actual.get(k - 1).get(0),
                            Integer.toString(k),
                            "2026-07-31",
                            Long.toString((long) forecast[2][0]),
                            actual.get(k - 1).get(1),
                            actual.get(k - 1).get(2));
            double purchases = Double.parseDouble(row.get(6));
            double revenue = Double.parseDouble(row.get(7));
            assertThat(purchases).isCloseTo(forecast[0][k - 1], org.assertj.core.api.Assertions.withinPercentage(1e-4));
            assertThat(revenue).isCloseTo(forecast[1][k - 1], org.assertj.core.api.Assertions.withinPercentage(1e-4));
            double actualPurchases = Double.parseDouble(row.get(4));
            double actualRevenue = Double.parseDouble(row.get(5));
            assertThat(fitted("forecast_backtest", "purchases_error_m" + k))
                    .isCloseTo(actualPurchases - purchases, org.assertj.core.api.Assertions.within(1e-6));
            assertThat(fitted("forecast_backtest", "purchases_relative_error_m" + k))
                    .isCloseTo(
                            (actualPurchases - purchases) / actualPurchases,
                            org.assertj.core.api.Assertions.within(1e-8));
            assertThat(fitted("forecast_backtest", "revenue_error_m" + k))
                    .isCloseTo(actualRevenue - revenue, org.assertj.core.api.Assertions.within(1e-5));
            assertThat(fitted("forecast_backtest", "revenue_relative_error_m" + k))
                    .isCloseTo((actualRevenue - revenue) / actualRevenue, org.assertj.core.api.Assertions.within(1e-8));
        }
        assertThat(forecast[2][0]).isGreaterThan(1_000);
        // the backtest's fits and errors are all there, each once, with the cutoff in the note
        assertThat(published.rows("""
                SELECT count(*), count(DISTINCT parameter), count(*) FILTER (WHERE note LIKE '%2026-07-31%'),
                       count(*) FILTER (WHERE value IS NULL OR isnan(value))
                FROM model_fit WHERE model = 'forecast_backtest'""")).containsExactly(List.of("21", "21", "21", "0"));
    }

    /**
     * The latest version of each order, order line, product, customer and complaint of the demo's raw
     * CSV files (§4.2: latest updated_at, then the later line), as of the end of D (§4.1), for the
     * value-against-cost checks (docs/contract.md §4.16): plain SQL, not the warehouse's.
     */
    private static String valueSources() {
        return """
                WITH order_versions AS (
                    SELECT *, row_number() OVER () AS line FROM read_csv('%1$s/orders.csv', header = true, all_varchar = true)),
                orders AS (
                    SELECT order_id, customer_id, CAST(order_ts AS TIMESTAMP) AS order_ts,
                           coalesce(nullif(status, ''), 'completed') AS status
                    FROM (SELECT *, row_number() OVER (PARTITION BY order_id
                                    ORDER BY CAST(nullif(updated_at, '') AS TIMESTAMP) DESC NULLS LAST, line DESC) AS k
                          FROM order_versions)
                    WHERE k = 1 AND CAST(order_ts AS TIMESTAMP) <= TIMESTAMP '2026-10-31 23:59:59.999999'),
                line_versions AS (
                    SELECT *, row_number() OVER () AS line FROM read_csv('%1$s/order_lines.csv', header = true, all_varchar = true)),
                lines AS (
                    SELECT order_id, nullif(product_id, '') AS product_id, CAST(quantity AS INTEGER) AS quantity,
                           CAST(quantity AS INTEGER) * CAST(unit_price AS DECIMAL(18,4))
                               - coalesce(CAST(nullif(discount_amount, '') AS DECIMAL(18,4)), 0) AS revenue
                    FROM (SELECT *, row_number() OVER (PARTITION BY order_id, line_no ORDER BY line DESC) AS k FROM line_versions)
                    WHERE k = 1),
                product_versions AS (
                    SELECT *, row_number() OVER () AS line FROM read_csv('%1$s/products.csv', header = true, all_varchar = true)),
                products AS (
                    SELECT product_id, CAST(nullif(unit_cost, '') AS DECIMAL(18,4)) AS unit_cost
                    FROM (SELECT *, row_number() OVER (PARTITION BY product_id
                                    ORDER BY CAST(nullif(updated_at, '') AS TIMESTAMP) DESC NULLS LAST, line DESC) AS k
                          FROM product_versions)
                    WHERE k = 1),
                customer_versions AS (
                    SELECT *, row_number() OVER () AS line FROM read_csv('%1$s/customers.csv', header = true, all_varchar = true)),
                customers AS (
                    SELECT customer_id, lower(nullif(acquisition_channel, '')) AS channel,
                           nullif(account_owner, '') AS owner
                    FROM (SELECT *, row_number() OVER (PARTITION BY customer_id
                                    ORDER BY CAST(nullif(updated_at, '') AS TIMESTAMP) DESC NULLS LAST, line DESC) AS k
                          FROM customer_versions)
                    WHERE k = 1 AND CAST(created_at AS TIMESTAMP) <= TIMESTAMP '2026-10-31 23:59:59.999999'),
                complaint_versions AS (
                    SELECT *, row_number() OVER () AS line FROM read_csv('%1$s/complaints.csv', header = true, all_varchar = true)),
                complaints AS (
                    SELECT customer_id, CAST(nullif(compensation_amount, '') AS DECIMAL(18,2)) AS compensation,
                           lower(status) IN ('resolved', 'rejected')
                               AND (nullif(resolved_at, '') IS NULL
                                    OR CAST(resolved_at AS TIMESTAMP) <= TIMESTAMP '2026-10-31 23:59:59.999999') AS closed
                    FROM (SELECT *, row_number() OVER (PARTITION BY complaint_id
                                    ORDER BY CAST(nullif(updated_at, '') AS TIMESTAMP) DESC NULLS LAST, line DESC) AS k
                          FROM complaint_versions)
                    WHERE k = 1 AND CAST(received_at AS TIMESTAMP) <= TIMESTAMP '2026-10-31 23:59:59.999999'),
                order_totals AS (
                    SELECT o.order_id, o.customer_id, o.status, CAST(o.order_ts AS DATE) AS order_date, sum(l.revenue) AS revenue
                    FROM orders o JOIN lines l ON l.order_id = o.order_id
                    GROUP BY ALL),
                purchases AS (
                    SELECT customer_id, order_date, revenue FROM order_totals WHERE status = 'completed' AND revenue > 0)
                """.formatted(inbox.toAbsolutePath().toString().replace("'", "''"));
    }

    /**
     * mart_customer_value's compensation_paid, net_revenue, cost_of_goods, margin and is_unprofitable
     * (docs/contract.md §4.16) equal plain SQL over the raw CSV files: the net revenue of every
     * completed order (not only purchases) less the compensation of complaints closed by D; the cost
     * over the lines of the same orders, null when a line's product has no unit_cost (the demo leaves
     * it empty for each category's last product). To the cent.
     */
    @Test
    void customerValueAgainstCostEqualsIndependentSqlOverTheRawCsv() {
        String expected = valueSources() + """
                , completed AS (
                    SELECT o.customer_id, sum(l.revenue) AS net, sum(l.quantity * p.unit_cost) AS cost,
                           bool_or(p.unit_cost IS NULL) AS lacks_cost
                    FROM orders o JOIN lines l ON l.order_id = o.order_id
                    LEFT JOIN products p ON p.product_id = l.product_id
                    WHERE o.status = 'completed'
                    GROUP BY o.customer_id),
                paid AS (
                    SELECT customer_id, coalesce(sum(compensation) FILTER (WHERE closed), 0) AS paid
                    FROM complaints GROUP BY customer_id),
                expected AS (
                    SELECT coalesce(c.customer_id, p.customer_id) AS customer_id,
                           coalesce(p.paid, 0) AS paid,
                           coalesce(c.net, 0) - coalesce(p.paid, 0) AS net,
                           CASE WHEN c.customer_id IS NULL THEN 0 WHEN NOT c.lacks_cost THEN c.cost END AS cost
                    FROM completed c FULL OUTER JOIN paid p ON p.customer_id = c.customer_id)
                """;
        assertThat(published.rows(expected + """
                SELECT v.customer_id, e.paid, v.compensation_paid, e.net, v.net_revenue, e.cost, v.cost_of_goods,
                       v.margin, v.is_unprofitable
                FROM mart_customer_value v LEFT JOIN expected e ON e.customer_id = v.customer_id
                WHERE v.compensation_paid <> round(coalesce(e.paid, 0), 2)
                   OR v.net_revenue <> round(coalesce(e.net, 0), 2)
                   OR v.cost_of_goods IS DISTINCT FROM round(CASE WHEN e.customer_id IS NULL THEN 0 ELSE e.cost END, 2)
                   OR v.margin IS DISTINCT FROM round(coalesce(e.net, 0) - CASE WHEN e.customer_id IS NULL THEN 0 ELSE e.cost END, 2)
                   OR v.is_unprofitable IS DISTINCT FROM
                          (coalesce(coalesce(e.net, 0) - CASE WHEN e.customer_id IS NULL THEN 0 ELSE e.cost END,
                                    coalesce(e.net, 0)) < 0)
                ORDER BY 1""")).isEmpty();
        // every customer the raw files give a value is in the mart
        assertThat(published.rows(expected + """
                SELECT e.customer_id FROM expected e
                WHERE e.customer_id NOT IN (SELECT customer_id FROM mart_customer_value)""")).isEmpty();
        // not vacuous: compensation paid, returns booked as orders of their own (net revenue below the
        // purchases' revenue less compensation), margins known and unknown, unprofitable customers
        assertThat(published.rows("""
                SELECT sum(compensation_paid) > 0,
                       count(*) FILTER (WHERE net_revenue < revenue - compensation_paid) > 0,
                       count(*) FILTER (WHERE margin IS NOT NULL AND orders > 0) > 1000,
                       count(*) FILTER (WHERE margin IS NULL) > 0,
                       count(*) FILTER (WHERE is_unprofitable) > 0,
                       count(*) FILTER (WHERE margin IS NOT NULL AND margin <> net_revenue - cost_of_goods)
                FROM mart_customer_value""")).containsExactly(List.of("true", "true", "true", "true", "true", "0"));
    }

    /**
     * mart_acquisition_monthly's cohort value (docs/contract.md §4.16) equals plain SQL over the raw CSV
     * files: cohorts from the first purchase and the channel of customers.csv as of D; revenue over the
     * cohort's first 12 calendar months, to date, and the payback month found by trying every k from 1
     * to D's month (not by the mart's running sum). predicted_clv_12m is the sum of the cohort's
     * mart_customer_value.predicted_clv_12m (model output, the mart's input), and adds up over the
     * cohorts to the purchasers' total.
     */
    @Test
    void acquisitionCohortValueEqualsIndependentSqlOverTheRawCsv() {
        String expected =
                valueSources() + """
                , spend_lines AS (
                    SELECT *, row_number() OVER () AS line FROM read_csv('%1$s/marketing_spend.csv', header = true, all_varchar = true)),
                spend AS (
                    SELECT CAST(month || '-01' AS DATE) AS month, lower(channel) AS channel, CAST(amount AS DECIMAL(18,2)) AS amount
                    FROM (SELECT *, row_number() OVER (PARTITION BY month, lower(channel) ORDER BY line DESC) AS k FROM spend_lines)
                    WHERE k = 1 AND CAST(month || '-01' AS DATE) <= DATE '2026-10-01'),
                cohort AS (
                    SELECT p.customer_id, CAST(date_trunc('month', min(p.order_date)) AS DATE) AS month,
                           coalesce(any_value(c.channel), 'unknown') AS channel
                    FROM purchases p LEFT JOIN customers c ON c.customer_id = p.customer_id
                    GROUP BY p.customer_id),
                cells AS (
                    SELECT month, channel FROM cohort UNION SELECT month, channel FROM spend),
                valued AS (
                    SELECT k.month, k.channel, s.amount AS spend,
                           (SELECT count(*) FROM cohort c WHERE c.month = k.month AND c.channel = k.channel) AS new_customers,
                           (SELECT coalesce(sum(p.revenue), 0) FROM cohort c JOIN purchases p ON p.customer_id = c.customer_id
                            WHERE c.month = k.month AND c.channel = k.channel
                              AND p.order_date < k.month + INTERVAL 12 MONTH) AS revenue_12m,
                           (SELECT coalesce(sum(p.revenue), 0) FROM cohort c JOIN purchases p ON p.customer_id = c.customer_id
                            WHERE c.month = k.month AND c.channel = k.channel) AS revenue_to_date,
                           (SELECT min(n) FROM range(1, 1 + date_diff('month', k.month, DATE '2026-10-01') + 1) r(n)
                            WHERE (SELECT coalesce(sum(p.revenue), 0) FROM cohort c JOIN purchases p ON p.customer_id = c.customer_id
                                   WHERE c.month = k.month AND c.channel = k.channel
                                     AND p.order_date < k.month + to_months(CAST(n AS INTEGER))) >= s.amount) AS payback,
                           (SELECT sum(CAST(v.predicted_clv_12m AS DECIMAL(18,4))) FROM cohort c
                            JOIN mart_customer_value v ON v.customer_id = c.customer_id
                            WHERE c.month = k.month AND c.channel = k.channel) AS predicted
                    FROM cells k LEFT JOIN spend s ON s.month = k.month AND s.channel = k.channel),
                expected AS (
                    SELECT *, new_customers > 0 AND spend > 0 AS has_cost FROM valued)
                """.formatted(inbox.toAbsolutePath().toString().replace("'", "''"));
        assertThat(published.rows(expected + """
                SELECT coalesce(e.month, m.month), coalesce(e.channel, m.acquisition_channel), e.new_customers, m.new_customers,
                       e.spend, m.marketing_spend, e.revenue_12m, m.revenue_12m, e.revenue_to_date, m.revenue_to_date,
                       e.predicted, m.predicted_clv_12m, e.payback, m.payback_months, m.revenue_12m_to_cac, m.clv_to_cac
                FROM expected e
                FULL OUTER JOIN mart_acquisition_monthly m ON m.month = e.month AND m.acquisition_channel = e.channel
                WHERE e.month IS NULL OR m.month IS NULL
                   OR e.new_customers <> m.new_customers OR e.spend IS DISTINCT FROM m.marketing_spend
                   OR m.revenue_12m <> round(e.revenue_12m, 2) OR m.revenue_to_date <> round(e.revenue_to_date, 2)
                   OR m.is_revenue_window_complete <> (e.month + INTERVAL 12 MONTH <= DATE '2026-11-01')
                   OR m.predicted_clv_12m IS DISTINCT FROM round(e.predicted, 2)
                   OR m.payback_months IS DISTINCT FROM CASE WHEN e.has_cost THEN e.payback END
                   OR NOT coalesce(abs(m.revenue_12m_to_cac - e.revenue_12m / e.spend) < 1e-9,
                                   NOT e.has_cost AND m.revenue_12m_to_cac IS NULL)
                   OR NOT coalesce(abs(m.clv_to_cac - (e.revenue_to_date + e.predicted) / e.spend) < 1e-9,
                                   (NOT e.has_cost OR e.predicted IS NULL) AND m.clv_to_cac IS NULL)
                ORDER BY 1, 2""")).isEmpty();
        // not vacuous: cohorts paid back and not, complete and partial windows, predictions
        assertThat(published.rows("""
                SELECT count(payback_months) > 10, count(*) FILTER (WHERE payback_months IS NULL AND revenue_12m_to_cac > 0) > 0,
                       bool_or(is_revenue_window_complete) AND NOT bool_and(is_revenue_window_complete),
                       count(clv_to_cac) > 10, max(payback_months) > 1
                FROM mart_acquisition_monthly""")).containsExactly(List.of("true", "true", "true", "true", "true"));
        // the cohorts' revenue over their first 12 months is the cohort table's months 0 to 11
        assertThat(published.rows("""
                SELECT a.month, a.revenue_12m, r.revenue
                FROM (SELECT month, sum(revenue_12m) AS revenue_12m FROM mart_acquisition_monthly GROUP BY month) a
                FULL OUTER JOIN (SELECT cohort_month, sum(revenue) AS revenue FROM mart_cohort_retention
                                 WHERE months_since_first < 12 GROUP BY cohort_month) r ON r.cohort_month = a.month
                WHERE abs(coalesce(a.revenue_12m, 0) - coalesce(r.revenue, 0)) > 0.06""")).isEmpty();
    }

    /**
     * mart_book_of_business's satisfaction (docs/contract.md §4.16) equals plain SQL over surveys.csv and
     * customers.csv: the answers given in November 2025 … D by the owner's customers (owner as of D,
     * null or unknown customer → unknown). prospects and former_customers are mart_customer_value's
     * lifecycle stages prospect and churned counted per owner, and with active_customers they add up
     * to the customers.
     */
    @Test
    void bookSatisfactionAndFormerCustomersEqualIndependentSql() {
        String expected =
                valueSources() + """
                , survey_lines AS (
                    SELECT *, row_number() OVER () AS line FROM read_csv('%1$s/surveys.csv', header = true, all_varchar = true)),
                surveys AS (
                    SELECT customer_id, upper(kind) AS kind, CAST(score AS INTEGER) AS score
                    FROM (SELECT *, row_number() OVER (PARTITION BY response_id ORDER BY line DESC) AS k FROM survey_lines)
                    WHERE k = 1 AND CAST(responded_at AS TIMESTAMP) BETWEEN TIMESTAMP '2025-11-01 00:00:00'
                                                                       AND TIMESTAMP '2026-10-31 23:59:59.999999'),
                expected AS (
                    SELECT coalesce(c.owner, 'unknown') AS owner,
                           count(*) FILTER (WHERE kind = 'CSAT') AS csat,
                           avg(score) FILTER (WHERE kind = 'CSAT') AS csat_avg,
                           100.0 * count(*) FILTER (WHERE kind = 'CSAT' AND score >= 4)
                               / nullif(count(*) FILTER (WHERE kind = 'CSAT'), 0) AS satisfied,
                           count(*) FILTER (WHERE kind = 'NPS') AS nps_n,
                           100.0 * (count(*) FILTER (WHERE kind = 'NPS' AND score >= 9)
                                    - count(*) FILTER (WHERE kind = 'NPS' AND score <= 6))
                               / nullif(count(*) FILTER (WHERE kind = 'NPS'), 0) AS nps
                    FROM surveys s LEFT JOIN customers c ON c.customer_id = s.customer_id
                    GROUP BY ALL)
                """.formatted(inbox.toAbsolutePath().toString().replace("'", "''"));
        assertThat(published.rows(expected + """
                SELECT b.account_owner, e.csat, b.csat_responses_12m, e.csat_avg, b.csat_avg_12m, e.nps_n,
                       b.nps_responses_12m, e.nps, b.nps_12m
                FROM mart_book_of_business b LEFT JOIN expected e ON e.owner = b.account_owner
                WHERE b.csat_responses_12m <> coalesce(e.csat, 0) OR b.nps_responses_12m <> coalesce(e.nps_n, 0)
                   OR NOT coalesce(abs(b.csat_avg_12m - e.csat_avg) < 1e-9, b.csat_avg_12m IS NULL AND e.csat_avg IS NULL)
                   OR NOT coalesce(abs(b.csat_satisfied_pct_12m - e.satisfied) < 1e-9,
                                   b.csat_satisfied_pct_12m IS NULL AND e.satisfied IS NULL)
                   OR NOT coalesce(abs(b.nps_12m - e.nps) < 1e-9, b.nps_12m IS NULL AND e.nps IS NULL)
                ORDER BY 1""")).isEmpty();
        assertThat(published.rows(expected + """
                SELECT owner FROM expected WHERE owner NOT IN (SELECT account_owner FROM mart_book_of_business)""")).isEmpty();
        // not vacuous: several owners with answers of both kinds
        assertThat(published.rows("""
                SELECT count(*) FILTER (WHERE csat_responses_12m > 0 AND nps_responses_12m > 0) > 2
                FROM mart_book_of_business""")).containsExactly(List.of("true"));
        assertThat(published.rows("""
                WITH stages AS (
                    SELECT coalesce(c.account_owner, 'unknown') AS owner,
                           count(*) FILTER (WHERE v.lifecycle_stage = 'prospect') AS prospects,
                           count(*) FILTER (WHERE v.lifecycle_stage = 'churned') AS former
                    FROM mart_customer_value v JOIN dim_customer c ON c.customer_id = v.customer_id AND c.is_current
                    GROUP BY ALL)
                SELECT b.account_owner, b.prospects, s.prospects, b.former_customers, s.former
                FROM mart_book_of_business b LEFT JOIN stages s ON s.owner = b.account_owner
                WHERE b.prospects <> s.prospects OR b.former_customers <> s.former
                   OR b.customers <> b.active_customers + b.prospects + b.former_customers""")).isEmpty();
        assertThat(published.rows("SELECT sum(prospects) > 0, sum(former_customers) > 0 FROM mart_book_of_business"))
                .containsExactly(List.of("true", "true"));
    }

    /**
     * The lifecycle stages by month (docs/contract.md §4.15) equal plain SQL over the demo's raw CSV
     * files (orders.csv, order_lines.csv, contracts.csv, complaints.csv, surveys.csv), written from
     * the definitions and not from the warehouse's SQL or lake: every customer-month from the month
     * of the first purchase or contract start through D's; active (§4.4) by EXISTS over purchases and
     * contracts on the month's last day; unhappy by EXISTS over the 90 days up to it; lapsed when some
     * earlier month end of the customer was inactive. From those stages, mart_lifecycle_monthly (by
     * joining each month to the previous one, and the outcomes by EXISTS over the next 12 or 3 months)
     * and mart_lifecycle_transitions. D (2026-10-31) is a month end, so every snapshot is a last day.
     */
    @Test
    void lifecycleStagesEqualIndependentSqlOverTheRawCsv() {
        String stages = """
                WITH order_versions AS (
                    SELECT *, row_number() OVER () AS line FROM read_csv('%1$s/orders.csv', header = true, all_varchar = true)),
                orders AS (
                    SELECT order_id, customer_id, CAST(order_ts AS TIMESTAMP) AS order_ts,
                           coalesce(nullif(status, ''), 'completed') AS status
                    FROM (SELECT *, row_number() OVER (PARTITION BY order_id
                                    ORDER BY CAST(nullif(updated_at, '') AS TIMESTAMP) DESC NULLS LAST, line DESC) AS k
                          FROM order_versions)
                    WHERE k = 1 AND CAST(order_ts AS TIMESTAMP) <= TIMESTAMP '2026-10-31 23:59:59.999999'),
                line_versions AS (
                    SELECT *, row_number() OVER () AS line FROM read_csv('%1$s/order_lines.csv', header = true, all_varchar = true)),
                lines AS (
                    SELECT order_id, CAST(quantity AS INTEGER) * CAST(unit_price AS DECIMAL(18,4))
                               - coalesce(CAST(nullif(discount_amount, '') AS DECIMAL(18,4)), 0) AS revenue
                    FROM (SELECT *, row_number() OVER (PARTITION BY order_id, line_no ORDER BY line DESC) AS k FROM line_versions)
                    WHERE k = 1),
                purchases AS (
                    SELECT o.customer_id, CAST(o.order_ts AS DATE) AS order_date
                    FROM orders o JOIN lines l ON l.order_id = o.order_id
                    WHERE o.status = 'completed'
                    GROUP BY o.order_id, o.customer_id, CAST(o.order_ts AS DATE)
                    HAVING sum(l.revenue) > 0),
                contract_versions AS (
                    SELECT *, row_number() OVER () AS line FROM read_csv('%1$s/contracts.csv', header = true, all_varchar = true)),
                contracts AS (
                    SELECT customer_id, CAST(start_date AS DATE) AS start_date, CAST(nullif(end_date, '') AS DATE) AS end_date,
                           CASE WHEN CAST(nullif(cancelled_at, '') AS TIMESTAMP) <= TIMESTAMP '2026-10-31 23:59:59.999999'
                                THEN CAST(CAST(cancelled_at AS TIMESTAMP) AS DATE) END AS cancel_date
                    FROM (SELECT *, row_number() OVER (PARTITION BY contract_id
                                    ORDER BY CAST(nullif(updated_at, '') AS TIMESTAMP) DESC NULLS LAST, line DESC) AS k
                          FROM contract_versions)
                    WHERE k = 1 AND CAST(start_date AS DATE) <= DATE '2026-10-31'),
                complaint_versions AS (
                    SELECT *, row_number() OVER () AS line FROM read_csv('%1$s/complaints.csv', header = true, all_varchar = true)),
                complaints AS (
                    SELECT customer_id, CAST(CAST(received_at AS TIMESTAMP) AS DATE) AS received,
                           coalesce(CAST(nullif(justified, '') AS BOOLEAN), false) AS justified,
                           lower(status) IN ('resolved', 'rejected')
                               AND (nullif(resolved_at, '') IS NULL
                                    OR CAST(resolved_at AS TIMESTAMP) <= TIMESTAMP '2026-10-31 23:59:59.999999') AS closed,
                           CAST(CAST(nullif(resolved_at, '') AS TIMESTAMP) AS DATE) AS resolved
                    FROM (SELECT *, row_number() OVER (PARTITION BY complaint_id
                                    ORDER BY CAST(nullif(updated_at, '') AS TIMESTAMP) DESC NULLS LAST, line DESC) AS k
                          FROM complaint_versions)
                    WHERE k = 1 AND CAST(received_at AS TIMESTAMP) <= TIMESTAMP '2026-10-31 23:59:59.999999'),
                survey_lines AS (
                    SELECT *, row_number() OVER () AS line FROM read_csv('%1$s/surveys.csv', header = true, all_varchar = true)),
                low_answers AS (
                    SELECT customer_id, CAST(CAST(responded_at AS TIMESTAMP) AS DATE) AS answered
                    FROM (SELECT *, row_number() OVER (PARTITION BY response_id ORDER BY line DESC) AS k FROM survey_lines)
                    WHERE k = 1 AND CAST(responded_at AS TIMESTAMP) <= TIMESTAMP '2026-10-31 23:59:59.999999'
                      AND ((upper(kind) = 'CSAT' AND CAST(score AS INTEGER) <= 2)
                           OR (upper(kind) = 'NPS' AND CAST(score AS INTEGER) <= 6))),
                firsts AS (
                    SELECT customer_id, min(day) AS first_day
                    FROM (SELECT customer_id, order_date AS day FROM purchases
                          UNION ALL SELECT customer_id, start_date FROM contracts) a
                    GROUP BY customer_id),
                months AS (
                    SELECT CAST(m AS DATE) AS month, last_day(CAST(m AS DATE)) AS d
                    FROM generate_series((SELECT date_trunc('month', min(first_day)) FROM firsts),
                                         TIMESTAMP '2026-10-01', INTERVAL 1 MONTH) t(m)),
                flags AS (
                    SELECT f.customer_id, m.month, m.d,
                           EXISTS (SELECT 1 FROM purchases p WHERE p.customer_id = f.customer_id
                                   AND p.order_date <= m.d AND p.order_date > m.d - 180)
                           OR EXISTS (SELECT 1 FROM contracts c WHERE c.customer_id = f.customer_id
                                      AND c.start_date <= m.d AND (c.end_date IS NULL OR m.d <= c.end_date)
                                      AND (c.cancel_date IS NULL OR m.d <= c.cancel_date)) AS active,
                           EXISTS (SELECT 1 FROM purchases p WHERE p.customer_id = f.customer_id
                                   AND p.order_date <= m.d) AS bought,
                           EXISTS (SELECT 1 FROM complaints c WHERE c.customer_id = f.customer_id
                                   AND c.received <= m.d AND c.received > m.d - 90
                                   AND (c.justified OR NOT (c.closed AND (c.resolved IS NULL OR c.resolved <= m.d))))
                           OR EXISTS (SELECT 1 FROM low_answers a WHERE a.customer_id = f.customer_id
                                      AND a.answered <= m.d AND a.answered > m.d - 90) AS unhappy
                    FROM firsts f JOIN months m ON m.month >= date_trunc('month', f.first_day)),
                lapses AS (
                    SELECT *, coalesce(bool_or(NOT active) OVER (PARTITION BY customer_id ORDER BY month
                                                              ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), false) AS lapsed
                    FROM flags),
                stages AS (
                    SELECT customer_id, month,
                           CASE WHEN active AND unhappy THEN 'dissatisfied'
                                WHEN active AND lapsed THEN 'won_back'
                                WHEN active THEN 'active'
                                WHEN NOT bought THEN 'prospect'
                                ELSE 'churned' END AS stage
                    FROM lapses),
                moves AS (
                    SELECT s.customer_id, s.month, s.stage, p.stage AS previous,
                           EXISTS (SELECT 1 FROM stages w WHERE w.customer_id = s.customer_id AND w.stage = 'won_back'
                                   AND w.month > s.month AND w.month <= s.month + INTERVAL 12 MONTH) AS back_12m,
                           EXISTS (SELECT 1 FROM stages w WHERE w.customer_id = s.customer_id AND w.stage = 'churned'
                                   AND w.month > s.month AND w.month <= s.month + INTERVAL 3 MONTH) AS churned_3m
                    FROM stages s
                    LEFT JOIN stages p ON p.customer_id = s.customer_id
                                      AND p.month = CAST(s.month - INTERVAL 1 MONTH AS DATE))
                """.formatted(inbox.toAbsolutePath().toString().replace("'", "''"));

        // fact_customer_month's stage, every customer-month, and no other row
        assertThat(published.rows(stages + """
                SELECT coalesce(s.customer_id, f.customer_id), coalesce(s.month, f.month_start), s.stage, f.lifecycle_stage
                FROM stages s
                FULL OUTER JOIN fact_customer_month f ON f.customer_id = s.customer_id AND f.month_start = s.month
                WHERE s.stage IS DISTINCT FROM f.lifecycle_stage
                ORDER BY 1, 2 LIMIT 20""")).isEmpty();

        String monthly = stages + """
                , kinds AS (
                    SELECT * FROM (VALUES ('prospect'), ('active'), ('dissatisfied'), ('churned'), ('won_back')) k(stage)),
                expected AS (
                    SELECT m.month, k.stage,
                           count(*) FILTER (WHERE v.stage = k.stage) AS customers,
                           count(*) FILTER (WHERE v.stage = k.stage AND v.previous IS DISTINCT FROM k.stage) AS entered,
                           count(*) FILTER (WHERE v.stage = k.stage AND v.previous IS NULL) AS new_customers,
                           count(*) FILTER (WHERE v.previous = k.stage AND v.stage <> k.stage) AS exited,
                           CASE WHEN k.stage = 'churned' AND last_day(m.month + INTERVAL 12 MONTH) <= DATE '2026-10-31'
                                THEN count(*) FILTER (WHERE v.stage = 'churned' AND v.previous IS DISTINCT FROM 'churned'
                                                        AND v.back_12m) END AS won_back_12m,
                           CASE WHEN k.stage = 'dissatisfied' AND last_day(m.month + INTERVAL 3 MONTH) <= DATE '2026-10-31'
                                THEN count(*) FILTER (WHERE v.stage = 'dissatisfied'
                                                        AND v.previous IS DISTINCT FROM 'dissatisfied'
                                                        AND v.churned_3m) END AS lost_3m
                    FROM months m CROSS JOIN kinds k JOIN moves v ON v.month = m.month
                    GROUP BY m.month, k.stage)
                """;
        assertThat(published.rows(monthly + """
                SELECT coalesce(e.month, p.month), coalesce(e.stage, p.lifecycle_stage), e.customers, p.customers,
                       e.entered, p.entered, e.new_customers, p.new_customers, e.exited, p.exited,
                       e.won_back_12m, p.won_back_12m, p.win_back_rate_12m, e.lost_3m, p.lost_3m, p.lost_rate_3m
                FROM expected e
                FULL OUTER JOIN mart_lifecycle_monthly p ON p.month = e.month AND p.lifecycle_stage = e.stage
                WHERE e.month IS NULL OR p.month IS NULL OR p.is_partial
                   OR e.customers <> p.customers OR e.entered <> p.entered OR e.new_customers <> p.new_customers
                   OR e.exited <> p.exited
                   OR e.won_back_12m IS DISTINCT FROM p.won_back_12m OR e.lost_3m IS DISTINCT FROM p.lost_3m
                   OR NOT coalesce(abs(p.win_back_rate_12m - e.won_back_12m / e.entered) < 1e-9,
                                   p.win_back_rate_12m IS NULL AND (e.won_back_12m IS NULL OR e.entered = 0))
                   OR NOT coalesce(abs(p.lost_rate_3m - e.lost_3m / e.entered) < 1e-9,
                                   p.lost_rate_3m IS NULL AND (e.lost_3m IS NULL OR e.entered = 0))
                ORDER BY 1, 2 LIMIT 20""")).isEmpty();

        assertThat(published.rows(stages + """
                , expected AS (
                    SELECT month, previous, stage, count(*) AS customers FROM moves
                    WHERE previous <> stage GROUP BY ALL)
                SELECT coalesce(e.month, p.month), coalesce(e.previous, p.from_stage), coalesce(e.stage, p.to_stage),
                       e.customers, p.customers
                FROM expected e
                FULL OUTER JOIN mart_lifecycle_transitions p
                  ON p.month = e.month AND p.from_stage = e.previous AND p.to_stage = e.stage
                WHERE e.month IS NULL OR p.month IS NULL OR e.customers <> p.customers
                ORDER BY 1, 2, 3 LIMIT 20""")).isEmpty();

        // not vacuous: every stage is reached, customers come back and dissatisfied ones churn, and
        // both outcome rates are known for some months and pending for the last ones
        assertThat(published.rows("""
                SELECT count(DISTINCT lifecycle_stage) FILTER (WHERE customers > 0) = 5, count(DISTINCT month) > 24,
                       count(*) FILTER (WHERE win_back_rate_12m > 0) > 6, count(*) FILTER (WHERE lost_rate_3m > 0) > 6,
                       count(*) FILTER (WHERE lifecycle_stage = 'churned' AND month = DATE '2026-01-01'
                                        AND won_back_12m IS NULL) = 1,
                       bool_and(coalesce(win_back_rate_12m, 0) BETWEEN 0 AND 1 AND coalesce(lost_rate_3m, 0) BETWEEN 0 AND 1)
                FROM mart_lifecycle_monthly""")).containsExactly(List.of("true", "true", "true", "true", "true", "true"));
        assertThat(published.rows("""
                SELECT count(*) FILTER (WHERE from_stage = 'dissatisfied' AND to_stage = 'churned') > 0,
                       count(*) FILTER (WHERE from_stage = 'churned' AND to_stage = 'won_back') > 0
                FROM mart_lifecycle_transitions""")).containsExactly(List.of("true", "true"));
    }

    /**
     * The lifecycle identities on the demo night: D's row of fact_customer_month has
     * mart_customer_value's stage for every customer with one (the others are prospects without
     * any activity); the stages' customers add up to the month's rows; customers − the previous
     * month's = entered − exited; the moves into and out of a stage add up to its flows.
     */
    @Test
    void lifecycleIdentitiesHoldOnTheDemoNight() {
        assertThat(published.rows("""
                SELECT v.customer_id, f.lifecycle_stage, v.lifecycle_stage
                FROM mart_customer_value v
                LEFT JOIN fact_customer_month f ON f.customer_id = v.customer_id AND f.month_start = DATE '2026-10-01'
                WHERE f.lifecycle_stage IS DISTINCT FROM v.lifecycle_stage
                  AND NOT (f.customer_id IS NULL AND v.lifecycle_stage = 'prospect')""")).isEmpty();
        assertThat(published.rows("""
                SELECT count(*) FROM fact_customer_month f JOIN mart_customer_value v ON v.customer_id = f.customer_id
                WHERE f.month_start = DATE '2026-10-01'""").get(0).get(0)).isNotEqualTo("0");
        assertThat(published.rows("""
                SELECT m.month, m.customers, f.customers
                FROM (SELECT month, sum(customers) AS customers FROM mart_lifecycle_monthly GROUP BY month) m
                FULL OUTER JOIN (SELECT month_start AS month, count(*) AS customers FROM fact_customer_month
                                 GROUP BY month_start) f ON f.month = m.month
                WHERE m.customers IS DISTINCT FROM f.customers""")).isEmpty();
        assertThat(published.rows("""
                SELECT month, lifecycle_stage FROM mart_lifecycle_monthly
                QUALIFY customers - coalesce(lag(customers) OVER (PARTITION BY lifecycle_stage ORDER BY month), 0)
                        <> entered - exited""")).isEmpty();
        assertThat(published.rows("""
                SELECT m.month, m.lifecycle_stage
                FROM mart_lifecycle_monthly m
                LEFT JOIN (SELECT month, to_stage, sum(customers) AS n FROM mart_lifecycle_transitions GROUP BY ALL) i
                       ON i.month = m.month AND i.to_stage = m.lifecycle_stage
                LEFT JOIN (SELECT month, from_stage, sum(customers) AS n FROM mart_lifecycle_transitions GROUP BY ALL) o
                       ON o.month = m.month AND o.from_stage = m.lifecycle_stage
                WHERE coalesce(i.n, 0) <> m.entered - m.new_customers OR coalesce(o.n, 0) <> m.exited""")).isEmpty();
    }

    /**
     * The contracts of the demo's raw contracts.csv as of D (docs/contract.md §4.1, §4.2, §4.4),
     * with each contract's renewal (§4.17) written from the definition, not from the marts' SQL:
     * the latest version of each contract, started by D, its last day the earlier of end_date and a
     * cancellation by the end of D; candidates = the same customer's contracts started after it
     * within 30 days either side of that day; the first candidate by (start_date, contract_id);
     * a successor claimed by several renews the one started first.
     */
    private static String renewalSources() {
        return """
                WITH contract_versions AS (
                    SELECT *, row_number() OVER () AS line FROM read_csv('%1$s/contracts.csv', header = true, all_varchar = true)),
                contracts AS (
                    SELECT contract_id, customer_id, CAST(start_date AS DATE) AS start_date,
                           CAST(nullif(monthly_fee, '') AS DECIMAL(18,2)) AS fee,
                           CAST(nullif(end_date, '') AS DATE) AS end_date,
                           CASE WHEN CAST(nullif(cancelled_at, '') AS TIMESTAMP) <= TIMESTAMP '2026-10-31 23:59:59.999999'
                                THEN CAST(CAST(cancelled_at AS TIMESTAMP) AS DATE) END AS cancel_date
                    FROM (SELECT *, row_number() OVER (PARTITION BY contract_id
                                    ORDER BY CAST(nullif(updated_at, '') AS TIMESTAMP) DESC NULLS LAST, line DESC) AS k
                          FROM contract_versions)
                    WHERE k = 1 AND CAST(start_date AS DATE) <= DATE '2026-10-31'),
                ends AS (
                    SELECT *, CASE WHEN end_date IS NULL AND cancel_date IS NULL THEN NULL
                                   ELSE least(coalesce(end_date, cancel_date), coalesce(cancel_date, end_date)) END AS last_day
                    FROM contracts),
                first_candidate AS (
                    SELECT p.contract_id AS p_id, p.start_date AS p_start,
                           arg_min(n.contract_id, strftime(n.start_date, '%%Y-%%m-%%d') || n.contract_id) AS n_id
                    FROM ends p JOIN ends n
                      ON n.customer_id = p.customer_id AND n.start_date > p.start_date
                     AND n.start_date BETWEEN p.last_day - 30 AND p.last_day + 30
                    GROUP BY p.contract_id, p.start_date),
                pairs AS (
                    SELECT n_id, arg_min(p_id, strftime(p_start, '%%Y-%%m-%%d') || p_id) AS p_id
                    FROM first_candidate GROUP BY n_id),
                expected AS (
                    SELECT e.contract_id, e.start_date, e.fee, e.last_day, e.end_date, e.cancel_date,
                           pb.p_id AS renews, pa.n_id AS renewed_by, n.start_date AS renewal_start, n.fee - e.fee AS fee_change,
                           CASE WHEN pa.n_id IS NULL AND e.last_day IS NULL THEN 'no_last_day'
                                WHEN pa.n_id IS NULL AND e.last_day + 30 <= DATE '2026-10-31' THEN 'not_renewed'
                                WHEN pa.n_id IS NULL THEN 'window_open'
                                WHEN n.fee IS NULL OR e.fee IS NULL THEN 'fee_unknown'
                                WHEN n.fee > e.fee THEN 'upsell'
                                WHEN n.fee < e.fee THEN 'downsell'
                                ELSE 'flat' END AS status
                    FROM ends e
                    LEFT JOIN pairs pa ON pa.p_id = e.contract_id
                    LEFT JOIN ends n ON n.contract_id = pa.n_id
                    LEFT JOIN pairs pb ON pb.n_id = e.contract_id)
                """.formatted(inbox.toAbsolutePath().toString().replace("'", "''"));
    }

    /**
     * Renewals (docs/contract.md §4.17): every contract of mart_contract_renewals and every month of
     * mart_contract_renewals_monthly equal {@link #renewalSources()} over the raw contracts.csv:
     * renewals in the month the renewing contract starts, endings in the month of the last day, the
     * rate once no ended contract's window is open.
     */
    @Test
    void contractRenewalsEqualIndependentSqlOverTheRawCsv() {
        String sources = renewalSources();
        assertThat(published.rows(sources + """
                SELECT coalesce(e.contract_id, r.contract_id), e.last_day, r.last_day, e.renews, r.renews_contract_id,
                       e.renewed_by, r.renewed_by_contract_id, e.fee_change, r.fee_change, e.status, r.renewal_status
                FROM expected e FULL OUTER JOIN mart_contract_renewals r ON r.contract_id = e.contract_id
                WHERE e.contract_id IS NULL OR r.contract_id IS NULL
                   OR e.last_day IS DISTINCT FROM r.last_day OR e.renews IS DISTINCT FROM r.renews_contract_id
                   OR e.renewed_by IS DISTINCT FROM r.renewed_by_contract_id
                   OR e.renewal_start IS DISTINCT FROM r.renewal_start_date
                   OR e.fee_change IS DISTINCT FROM r.fee_change OR e.status <> r.renewal_status
                ORDER BY 1""")).isEmpty();
        // not vacuous: the demo renews a few contracts (up and down) and leaves many unrenewed
        assertThat(published.rows(sources + """
                SELECT count(*) FILTER (WHERE status IN ('upsell', 'downsell')) > 0,
                       count(*) FILTER (WHERE status = 'not_renewed') > 100
                FROM expected""")).containsExactly(List.of("true", "true"));

        assertThat(published.rows(sources + """
                , months AS (
                    SELECT CAST(m AS DATE) AS month
                    FROM generate_series((SELECT date_trunc('month', min(start_date)) FROM expected),
                                         TIMESTAMP '2026-10-01', INTERVAL 1 MONTH) t(m)),
                renewed AS (
                    SELECT CAST(date_trunc('month', renewal_start) AS DATE) AS month, count(*) AS renewals,
                           count(*) FILTER (WHERE status = 'upsell') AS up, count(*) FILTER (WHERE status = 'downsell') AS down,
                           count(*) FILTER (WHERE status = 'flat') AS flat, count(*) FILTER (WHERE status = 'fee_unknown') AS unknown,
                           coalesce(sum(fee_change), 0) AS fee_change
                    FROM expected WHERE renewed_by IS NOT NULL GROUP BY ALL),
                ended AS (
                    SELECT CAST(date_trunc('month', last_day) AS DATE) AS month, count(*) AS ended,
                           count(renewed_by) AS ended_renewed, count(*) FILTER (WHERE status = 'not_renewed') AS not_renewed,
                           count(*) FILTER (WHERE status = 'window_open') AS open
                    FROM expected WHERE last_day <= DATE '2026-10-31' GROUP BY ALL),
                monthly AS (
                    SELECT m.month, coalesce(r.renewals, 0) AS renewals, coalesce(r.up, 0) AS up, coalesce(r.down, 0) AS down,
                           coalesce(r.flat, 0) AS flat, coalesce(r.unknown, 0) AS unknown, coalesce(r.fee_change, 0) AS fee_change,
                           coalesce(d.ended, 0) AS ended, coalesce(d.ended_renewed, 0) AS ended_renewed,
                           coalesce(d.not_renewed, 0) AS not_renewed, coalesce(d.open, 0) AS open
                    FROM months m LEFT JOIN renewed r ON r.month = m.month LEFT JOIN ended d ON d.month = m.month)
                SELECT coalesce(e.month, p.month), e.renewals, p.renewals, e.fee_change, p.fee_change, e.ended,
                       p.contracts_ended, e.ended_renewed, p.ended_renewed, e.open, p.ended_window_open, p.renewal_rate
                FROM monthly e FULL OUTER JOIN mart_contract_renewals_monthly p ON p.month = e.month
                WHERE e.month IS NULL OR p.month IS NULL
                   OR e.renewals <> p.renewals OR e.up <> p.upsells OR e.down <> p.downsells OR e.flat <> p.flat_renewals
                   OR e.unknown <> p.fee_unknown_renewals OR e.fee_change <> p.fee_change
                   OR e.ended <> p.contracts_ended OR e.ended_renewed <> p.ended_renewed
                   OR e.not_renewed <> p.ended_not_renewed OR e.open <> p.ended_window_open
                   OR NOT coalesce(abs(p.renewal_rate - e.ended_renewed / e.ended) < 1e-9,
                                   (e.ended = 0 OR e.open > 0) AND p.renewal_rate IS NULL)
                ORDER BY 1""")).isEmpty();
    }

    /**
     * The renewal_calls view (docs/contract.md §4.17) lists exactly the contracts of
     * {@link #renewalSources()} not cancelled by D, not renewed, with end_date in (D, D + 90], in the
     * order of predicted_clv_12m (none last), historical_clv, end_date, contract_id. The demo writes
     * no end_date after D (a fixed term that has not run out is left open), so on it the list is
     * empty, and this says that the raw file agrees.
     */
    @Test
    void renewalCallsEqualIndependentSqlOverTheRawCsv() {
        String sources = renewalSources();
        assertThat(published.rows(sources + """
                , calls AS (
                    SELECT contract_id, end_date, CASE WHEN end_date <= DATE '2026-10-31' + 30 THEN 30
                                                       WHEN end_date <= DATE '2026-10-31' + 60 THEN 60 ELSE 90 END AS bucket
                    FROM expected
                    WHERE cancel_date IS NULL AND renewed_by IS NULL
                      AND end_date > DATE '2026-10-31' AND end_date <= DATE '2026-10-31' + 90)
                SELECT coalesce(e.contract_id, v.contract_id), e.end_date, v.end_date, e.bucket, v.end_bucket
                FROM calls e FULL OUTER JOIN renewal_calls v ON v.contract_id = e.contract_id
                WHERE e.contract_id IS NULL OR v.contract_id IS NULL OR e.end_date <> v.end_date OR e.bucket <> v.end_bucket
                """)).isEmpty();
        assertThat(published.rows("""
                SELECT call_rank FROM (
                    SELECT call_rank, row_number() OVER (ORDER BY v.predicted_clv_12m DESC NULLS LAST,
                                                         v.historical_clv DESC NULLS LAST, c.end_date, c.contract_id) AS expected
                    FROM renewal_calls c JOIN mart_customer_value v ON v.customer_id = c.customer_id)
                WHERE call_rank <> expected""")).isEmpty();
    }

    /**
     * Contacts (docs/contract.md §4.18): every month of mart_contacts_monthly and every customer's
     * contacts_12m and days_since_last_contact equal plain SQL over the demo's raw interactions.csv
     * (a later row wins, §4.2; occurred by the end of D, on its UTC day), complaints.csv (received
     * by the end of D) and, for the active customers, purchases and contracts (§4.4), as
     * {@link #complaintOperationsEqualIndependentSqlOverTheRawCsv()} computes them.
     */
    @Test
    void contactsEqualIndependentSqlOverTheRawCsv() {
        String sources = """
                WITH interaction_rows AS (
                    SELECT *, row_number() OVER () AS line FROM read_csv('%1$s/interactions.csv', header = true, all_varchar = true)),
                contacts AS (
                    SELECT customer_id, CAST(CAST(occurred_at AS TIMESTAMP) AS DATE) AS day, nullif(direction, '') AS direction,
                           nullif(agent_id, '') AS agent_id
                    FROM (SELECT *, row_number() OVER (PARTITION BY interaction_id ORDER BY line DESC) AS k FROM interaction_rows)
                    WHERE k = 1 AND CAST(occurred_at AS TIMESTAMP) <= TIMESTAMP '2026-10-31 23:59:59.999999'),
                complaint_rows AS (
                    SELECT *, row_number() OVER () AS line FROM read_csv('%1$s/complaints.csv', header = true, all_varchar = true)),
                complaints AS (
                    SELECT CAST(date_trunc('month', CAST(received_at AS TIMESTAMP)) AS DATE) AS month
                    FROM (SELECT *, row_number() OVER (PARTITION BY complaint_id
                                    ORDER BY CAST(nullif(updated_at, '') AS TIMESTAMP) DESC NULLS LAST, line DESC) AS k
                          FROM complaint_rows)
                    WHERE k = 1 AND CAST(received_at AS TIMESTAMP) <= TIMESTAMP '2026-10-31 23:59:59.999999'),
                order_versions AS (
                    SELECT *, row_number() OVER () AS line FROM read_csv('%1$s/orders.csv', header = true, all_varchar = true)),
                orders AS (
                    SELECT order_id, customer_id, CAST(order_ts AS TIMESTAMP) AS order_ts,
                           coalesce(nullif(status, ''), 'completed') AS status
                    FROM (SELECT *, row_number() OVER (PARTITION BY order_id
                                    ORDER BY CAST(nullif(updated_at, '') AS TIMESTAMP) DESC NULLS LAST, line DESC) AS k
                          FROM order_versions)
                    WHERE k = 1 AND CAST(order_ts AS TIMESTAMP) <= TIMESTAMP '2026-10-31 23:59:59.999999'),
                line_versions AS (
                    SELECT *, row_number() OVER () AS line FROM read_csv('%1$s/order_lines.csv', header = true, all_varchar = true)),
                lines AS (
                    SELECT order_id, CAST(quantity AS INTEGER) * CAST(unit_price AS DECIMAL(18,4))
                               - coalesce(CAST(nullif(discount_amount, '') AS DECIMAL(18,4)), 0) AS revenue
                    FROM (SELECT *, row_number() OVER (PARTITION BY order_id, line_no ORDER BY line DESC) AS k FROM line_versions)
                    WHERE k = 1),
                purchases AS (
                    SELECT o.customer_id, CAST(o.order_ts AS DATE) AS order_date
                    FROM orders o JOIN lines l ON l.order_id = o.order_id
                    WHERE o.status = 'completed'
                    GROUP BY o.order_id, o.customer_id, CAST(o.order_ts AS DATE)
                    HAVING sum(l.revenue) > 0),
                contract_versions AS (
                    SELECT *, row_number() OVER () AS line FROM read_csv('%1$s/contracts.csv', header = true, all_varchar = true)),
                contracts AS (
                    SELECT customer_id, CAST(start_date AS DATE) AS start_date, CAST(nullif(end_date, '') AS DATE) AS end_date,
                           CASE WHEN CAST(nullif(cancelled_at, '') AS TIMESTAMP) <= TIMESTAMP '2026-10-31 23:59:59.999999'
                                THEN CAST(CAST(cancelled_at AS TIMESTAMP) AS DATE) END AS cancel_date
                    FROM (SELECT *, row_number() OVER (PARTITION BY contract_id
                                    ORDER BY CAST(nullif(updated_at, '') AS TIMESTAMP) DESC NULLS LAST, line DESC) AS k
                          FROM contract_versions)
                    WHERE k = 1 AND CAST(start_date AS DATE) <= DATE '2026-10-31'),
                months AS (
                    SELECT CAST(m AS DATE) AS month, least(last_day(CAST(m AS DATE)), DATE '2026-10-31') AS snapshot
                    FROM generate_series((SELECT date_trunc('month', min(day)) FROM contacts),
                                         TIMESTAMP '2026-10-01', INTERVAL 1 MONTH) t(m)),
                active AS (
                    SELECT m.month, count(DISTINCT a.customer_id) AS active_customers
                    FROM months m JOIN (
                        SELECT customer_id, order_date AS from_day, order_date + 179 AS to_day FROM purchases
                        UNION ALL
                        SELECT customer_id, start_date,
                               least(coalesce(end_date, DATE '9999-12-31'), coalesce(cancel_date, DATE '9999-12-31'))
                        FROM contracts) a
                      ON m.snapshot BETWEEN a.from_day AND a.to_day
                    GROUP BY m.month)
                """.formatted(inbox.toAbsolutePath().toString().replace("'", "''"));
        assertThat(published.rows(sources + """
                , per_month AS (
                    SELECT CAST(date_trunc('month', day) AS DATE) AS month, count(*) AS contacts,
                           count(DISTINCT customer_id) AS customers,
                           count(*) FILTER (WHERE direction = 'inbound') AS inbound,
                           count(*) FILTER (WHERE direction = 'outbound') AS outbound,
                           count(agent_id) AS agent_contacts, count(DISTINCT agent_id) AS agents
                    FROM contacts GROUP BY ALL),
                per_agent AS (
                    SELECT month, max(n) AS max_per_agent FROM (
                        SELECT CAST(date_trunc('month', day) AS DATE) AS month, agent_id, count(*) AS n
                        FROM contacts WHERE agent_id IS NOT NULL GROUP BY ALL) GROUP BY month),
                received AS (SELECT month, count(*) AS complaints FROM complaints GROUP BY month),
                expected AS (
                    SELECT m.month, last_day(m.month) > DATE '2026-10-31' AS is_partial,
                           coalesce(c.contacts, 0) AS contacts, coalesce(c.customers, 0) AS customers,
                           coalesce(a.active_customers, 0) AS active, coalesce(c.inbound, 0) AS inbound,
                           coalesce(c.outbound, 0) AS outbound, coalesce(r.complaints, 0) AS complaints,
                           coalesce(c.agents, 0) AS agents, coalesce(c.agent_contacts, 0) AS agent_contacts,
                           g.max_per_agent
                    FROM months m LEFT JOIN per_month c ON c.month = m.month LEFT JOIN active a ON a.month = m.month
                    LEFT JOIN received r ON r.month = m.month LEFT JOIN per_agent g ON g.month = m.month)
                SELECT coalesce(e.month, p.month), e.contacts, p.contacts, e.active, p.active_customers, e.inbound, p.inbound,
                       e.outbound, p.outbound, e.complaints, p.complaints, e.agents, p.agents, e.max_per_agent,
                       p.max_contacts_per_agent
                FROM expected e FULL OUTER JOIN mart_contacts_monthly p ON p.month = e.month
                WHERE e.month IS NULL OR p.month IS NULL OR e.is_partial <> p.is_partial
                   OR e.contacts <> p.contacts OR e.customers <> p.contacting_customers
                   OR e.active <> p.active_customers OR e.inbound <> p.inbound OR e.outbound <> p.outbound
                   OR e.complaints <> p.complaints OR e.agents <> p.agents OR e.agent_contacts <> p.agent_contacts
                   OR e.max_per_agent IS DISTINCT FROM p.max_contacts_per_agent
                   OR NOT coalesce(abs(p.contacts_per_active_customer - e.contacts / e.active) < 1e-9,
                                   e.active = 0 AND p.contacts_per_active_customer IS NULL)
                   OR NOT coalesce(abs(p.outbound_share - e.outbound / (e.inbound + e.outbound)) < 1e-9,
                                   e.inbound + e.outbound = 0 AND p.outbound_share IS NULL)
                   OR NOT coalesce(abs(p.contacts_per_complaint - e.contacts / e.complaints) < 1e-9,
                                   e.complaints = 0 AND p.contacts_per_complaint IS NULL)
                   OR NOT coalesce(abs(p.avg_contacts_per_agent - e.agent_contacts / e.agents) < 1e-9,
                                   e.agents = 0 AND p.avg_contacts_per_agent IS NULL)
                ORDER BY 1""")).isEmpty();
        // per customer: D − 12 months is 2025-10-31, so the 12 months are 2025-11-01 … 2026-10-31
        assertThat(published.rows(sources + """
                , per_customer AS (
                    SELECT customer_id, count(*) FILTER (WHERE day > DATE '2025-10-31') AS contacts_12m,
                           DATE '2026-10-31' - max(day) AS days_since
                    FROM contacts GROUP BY customer_id)
                SELECT v.customer_id, c.contacts_12m, v.contacts_12m, c.days_since, v.days_since_last_contact
                FROM mart_customer_value v LEFT JOIN per_customer c ON c.customer_id = v.customer_id
                WHERE coalesce(c.contacts_12m, 0) <> v.contacts_12m
                   OR c.days_since IS DISTINCT FROM v.days_since_last_contact""")).isEmpty();
        // not vacuous
        assertThat(published.rows("""
                SELECT count(*) > 24, sum(outbound) > 0, max(max_contacts_per_agent) > 1 FROM mart_contacts_monthly""")).containsExactly(List.of("true", "true", "true"));
    }

    /**
     * mart_churn_reasons (docs/contract.md §4.14) against mart_churn_monthly: for every month and
     * reason source the reasons' lost customers add up to the all row's Cl and their shares to 1,
     * every month with a lost customer has all three sources, and lapsed_customer_predictions has one
     * row per lost customer.
     */
    @Test
    void churnReasonsAddUpToTheLostCustomers() {
        assertThat(published.rows("""
                WITH sources AS (SELECT * FROM (VALUES ('contract_cancel_reason'), ('last_complaint'), ('contact')) s(source)),
                churn AS (
                    SELECT month, lost_customers FROM mart_churn_monthly
                    WHERE segment_kind = 'all' AND segment = 'all' AND lost_customers > 0),
                reasons AS (
                    SELECT month, reason_source, sum(lost_customers) AS lost, sum(share_of_lost) AS share
                    FROM mart_churn_reasons GROUP BY month, reason_source)
                SELECT coalesce(c.month, r.month), s.source, c.lost_customers, r.lost, r.share
                FROM churn c CROSS JOIN sources s
                FULL OUTER JOIN reasons r ON r.month = c.month AND r.reason_source = s.source
                WHERE c.month IS NULL OR r.month IS NULL OR r.lost <> c.lost_customers OR abs(r.share - 1) > 1e-9""")).isEmpty();
        assertThat(published.rows("""
                SELECT c.month, c.lost_customers, p.lapsed
                FROM (SELECT month, lost_customers FROM mart_churn_monthly WHERE segment_kind = 'all') c
                FULL OUTER JOIN (SELECT month, count(*) AS lapsed FROM lapsed_customer_predictions GROUP BY month) p
                  ON p.month = c.month
                WHERE coalesce(c.lost_customers, 0) <> coalesce(p.lapsed, 0)""")).isEmpty();
        // not vacuous: years of months with lost customers, the models fitted (no null CLV)
        assertThat(published.rows("""
                SELECT count(DISTINCT month) > 24, count(*) FILTER (WHERE predicted_clv_at_month_start IS NULL),
                       bool_and(share_of_lost > 0 AND share_of_lost <= 1)
                FROM mart_churn_reasons""")).containsExactly(List.of("true", "0", "true"));
    }

    /**
     * mart_churn_reasons and lapsed_customer_predictions (docs/contract.md §4.14) equal plain SQL over
     * the demo's raw CSV files (orders.csv, order_lines.csv, contracts.csv, complaints.csv,
     * interactions.csv), written from the definitions and not from the warehouse's SQL or lake: the
     * latest version of each row (§4.2), by the end of D (§4.1), activity (§4.4) from purchases and
     * contracts as day spans, a lapse = active on the day before the month and not on its last day;
     * the reasons of the 90 days up to that day (churn-reason-days' default). The CLV column is the exact
     * sum of the published per-customer predictions, each to 4 decimals, to the cent; those predictions are held to
     * mart_customer_value's where a lapsed customer's history as of the day before the month is the
     * same as some customer's as of D (the same models on the same history give the same value).
     */
    @Test
    void churnReasonsEqualIndependentSqlOverTheRawCsv() {
        String sources = """
                WITH order_versions AS (
                    SELECT *, row_number() OVER () AS line FROM read_csv('%1$s/orders.csv', header = true, all_varchar = true)),
                orders AS (
                    SELECT order_id, customer_id, CAST(order_ts AS TIMESTAMP) AS order_ts,
                           coalesce(nullif(status, ''), 'completed') AS status
                    FROM (SELECT *, row_number() OVER (PARTITION BY order_id
                                    ORDER BY CAST(nullif(updated_at, '') AS TIMESTAMP) DESC NULLS LAST, line DESC) AS k
                          FROM order_versions)
                    WHERE k = 1 AND CAST(order_ts AS TIMESTAMP) <= TIMESTAMP '2026-10-31 23:59:59.999999'),
                line_versions AS (
                    SELECT *, row_number() OVER () AS line FROM read_csv('%1$s/order_lines.csv', header = true, all_varchar = true)),
                lines AS (
                    SELECT order_id, CAST(quantity AS INTEGER) * CAST(unit_price AS DECIMAL(18,4))
                               - coalesce(CAST(nullif(discount_amount, '') AS DECIMAL(18,4)), 0) AS revenue
                    FROM (SELECT *, row_number() OVER (PARTITION BY order_id, line_no ORDER BY line DESC) AS k FROM line_versions)
                    WHERE k = 1),
                purchases AS (
                    SELECT o.customer_id, CAST(o.order_ts AS DATE) AS order_date, sum(l.revenue) AS revenue
                    FROM orders o JOIN lines l ON l.order_id = o.order_id
                    WHERE o.status = 'completed'
                    GROUP BY o.order_id, o.customer_id, CAST(o.order_ts AS DATE)
                    HAVING sum(l.revenue) > 0),
                contract_versions AS (
                    SELECT *, row_number() OVER () AS line FROM read_csv('%1$s/contracts.csv', header = true, all_varchar = true)),
                contracts AS (
                    SELECT contract_id, customer_id, CAST(start_date AS DATE) AS start_date,
                           CAST(nullif(end_date, '') AS DATE) AS end_date,
                           CASE WHEN CAST(nullif(cancelled_at, '') AS TIMESTAMP) <= TIMESTAMP '2026-10-31 23:59:59.999999'
                                THEN CAST(cancelled_at AS TIMESTAMP) END AS cancelled_at,
                           nullif(cancel_reason, '') AS cancel_reason
                    FROM (SELECT *, row_number() OVER (PARTITION BY contract_id
                                    ORDER BY CAST(nullif(updated_at, '') AS TIMESTAMP) DESC NULLS LAST, line DESC) AS k
                          FROM contract_versions)
                    WHERE k = 1 AND CAST(start_date AS DATE) <= DATE '2026-10-31'),
                complaint_versions AS (
                    SELECT *, row_number() OVER () AS line FROM read_csv('%1$s/complaints.csv', header = true, all_varchar = true)),
                complaints AS (
                    SELECT complaint_id, customer_id, CAST(received_at AS TIMESTAMP) AS received_at,
                           coalesce(nullif(root_cause, ''), nullif(category, '')) AS cause
                    FROM (SELECT *, row_number() OVER (PARTITION BY complaint_id
                                    ORDER BY CAST(nullif(updated_at, '') AS TIMESTAMP) DESC NULLS LAST, line DESC) AS k
                          FROM complaint_versions)
                    WHERE k = 1 AND CAST(received_at AS TIMESTAMP) <= TIMESTAMP '2026-10-31 23:59:59.999999'),
                interaction_versions AS (
                    SELECT *, row_number() OVER () AS line FROM read_csv('%1$s/interactions.csv', header = true, all_varchar = true)),
                interactions AS (
                    SELECT customer_id, CAST(CAST(occurred_at AS TIMESTAMP) AS DATE) AS occurred_date
                    FROM (SELECT *, row_number() OVER (PARTITION BY interaction_id ORDER BY line DESC) AS k
                          FROM interaction_versions)
                    WHERE k = 1 AND CAST(occurred_at AS TIMESTAMP) <= TIMESTAMP '2026-10-31 23:59:59.999999'),
                spans AS (
                    SELECT customer_id, order_date AS from_day, order_date + 179 AS to_day FROM purchases
                    UNION ALL
                    SELECT customer_id, start_date,
                           least(coalesce(end_date, DATE '9999-12-31'),
                                 coalesce(CAST(cancelled_at AS DATE), DATE '9999-12-31'))
                    FROM contracts),
                months AS (
                    SELECT CAST(m AS DATE) AS month, last_day(CAST(m AS DATE)) AS lapse_day
                    FROM generate_series((SELECT date_trunc('month', min(from_day)) FROM spans),
                                         TIMESTAMP '2026-10-01', INTERVAL 1 MONTH) t(m)),
                lapses AS (
                    SELECT DISTINCT m.month, m.lapse_day, s.customer_id
                    FROM months m JOIN spans s ON m.month - 1 BETWEEN s.from_day AND s.to_day
                    WHERE NOT EXISTS (SELECT 1 FROM spans e
                                      WHERE e.customer_id = s.customer_id AND m.lapse_day BETWEEN e.from_day AND e.to_day)),
                last_cancelled AS (
                    SELECT month, customer_id, cancel_reason
                    FROM (SELECT l.month, l.customer_id, c.cancel_reason,
                                 row_number() OVER (PARTITION BY l.month, l.customer_id
                                                    ORDER BY c.cancelled_at DESC, c.contract_id DESC) AS k
                          FROM lapses l JOIN contracts c ON c.customer_id = l.customer_id
                           AND CAST(c.cancelled_at AS DATE) <= l.lapse_day)
                    WHERE k = 1),
                last_complaint AS (
                    SELECT month, customer_id, cause
                    FROM (SELECT l.month, l.customer_id, c.cause,
                                 row_number() OVER (PARTITION BY l.month, l.customer_id
                                                    ORDER BY c.received_at DESC, c.complaint_id DESC) AS k
                          FROM lapses l JOIN complaints c ON c.customer_id = l.customer_id
                           AND l.lapse_day - CAST(c.received_at AS DATE) BETWEEN 0 AND 89)
                    WHERE k = 1),
                labelled AS (
                    SELECT l.month, l.customer_id,
                           CASE WHEN cc.customer_id IS NULL THEN 'no cancelled contract'
                                ELSE coalesce(cc.cancel_reason, 'unknown') END AS cancel_reason,
                           cc.cancel_reason IS NOT NULL AS cancel_recorded,
                           CASE WHEN lc.customer_id IS NULL THEN 'no complaint' ELSE coalesce(lc.cause, 'unknown') END AS cause,
                           lc.cause IS NOT NULL AS cause_recorded,
                           CASE WHEN lc.customer_id IS NOT NULL THEN 'complaint'
                                WHEN EXISTS (SELECT 1 FROM interactions i WHERE i.customer_id = l.customer_id
                                             AND l.lapse_day - i.occurred_date BETWEEN 0 AND 89) THEN 'contact only'
                                ELSE 'no complaint, no contact' END AS contact,
                           (SELECT coalesce(sum(p.revenue), 0) FROM purchases p WHERE p.customer_id = l.customer_id
                              AND p.order_date >= l.month - INTERVAL 12 MONTH AND p.order_date < l.month) AS revenue,
                           CAST(v.predicted_clv_12m AS DECIMAL(18,4)) AS clv
                    FROM lapses l
                    LEFT JOIN last_cancelled cc ON cc.month = l.month AND cc.customer_id = l.customer_id
                    LEFT JOIN last_complaint lc ON lc.month = l.month AND lc.customer_id = l.customer_id
                    LEFT JOIN lapsed_customer_predictions v ON v.month = l.month AND v.customer_id = l.customer_id),
                expected AS (
                    SELECT month, source, reason, recorded, count(*) AS lost, sum(revenue) AS revenue, sum(clv) AS clv,
                           count(*) / sum(count(*)) OVER (PARTITION BY month, source) AS share
                    FROM (SELECT month, 'contract_cancel_reason' AS source, cancel_reason AS reason,
                                 cancel_recorded AS recorded, revenue, clv FROM labelled
                          UNION ALL
                          SELECT month, 'last_complaint', cause, cause_recorded, revenue, clv FROM labelled
                          UNION ALL
                          SELECT month, 'contact', contact, false, revenue, clv FROM labelled)
                    GROUP BY month, source, reason, recorded)
                """.formatted(inbox.toAbsolutePath().toString().replace("'", "''"));
        assertThat(published.rows(sources + """
                SELECT coalesce(e.month, m.month), coalesce(e.source, m.reason_source), coalesce(e.reason, m.reason),
                       coalesce(e.recorded, m.reason_recorded), e.lost, m.lost_customers, round(e.revenue, 2),
                       m.lost_revenue_12m, CAST(e.clv AS DECIMAL(18,2)), m.predicted_clv_at_month_start, e.share, m.share_of_lost
                FROM expected e
                FULL OUTER JOIN mart_churn_reasons m
                  ON m.month = e.month AND m.reason_source = e.source AND m.reason = e.reason
                 AND m.reason_recorded = e.recorded
                WHERE e.month IS NULL OR m.month IS NULL OR e.lost <> m.lost_customers
                   OR round(e.revenue, 2) <> m.lost_revenue_12m
                   OR CAST(e.clv AS DECIMAL(18,2)) IS DISTINCT FROM m.predicted_clv_at_month_start
                   OR abs(e.share - m.share_of_lost) > 1e-9
                ORDER BY 1, 2, 3, 4""")).isEmpty();
        // not vacuous: several recorded cancel reasons and complaint causes, every contact label
        assertThat(published.rows(sources + """
                SELECT count(DISTINCT reason) FILTER (WHERE source = 'contract_cancel_reason' AND recorded) > 1,
                       count(DISTINCT reason) FILTER (WHERE source = 'last_complaint' AND recorded) > 1,
                       count(DISTINCT reason) FILTER (WHERE source = 'contact'),
                       sum(lost) FILTER (WHERE source = 'contact' AND reason = 'contact only') > 0,
                       sum(revenue) > 0
                FROM expected""")).containsExactly(List.of("true", "true", "3", "true", "true"));

        // the histories of lapsed_customer_predictions: customer_summary's purchase days up to the
        // day before the month
        String histories = sources + """
                , days AS (
                    SELECT customer_id, order_date, sum(revenue) AS value FROM purchases GROUP BY ALL),
                history AS (
                    SELECT l.month, l.customer_id, min(d.order_date) AS first_day,
                           count(d.order_date) - 1 AS frequency,
                           max(d.order_date) - min(d.order_date) AS recency_days,
                           (l.month - 1) - min(d.order_date) AS age_days,
                           sum(d.value) - arg_min(d.value, d.order_date) AS repeat_revenue
                    FROM lapses l JOIN days d ON d.customer_id = l.customer_id AND d.order_date < l.month
                    GROUP BY l.month, l.customer_id)
                SELECT coalesce(l.month, v.month), coalesce(l.customer_id, v.customer_id), h.frequency, v.frequency,
                       h.recency_days, v.recency_days, h.age_days, v.age_days, v.monetary_value
                FROM lapses l
                LEFT JOIN history h ON h.month = l.month AND h.customer_id = l.customer_id
                FULL OUTER JOIN lapsed_customer_predictions v ON v.month = l.month AND v.customer_id = l.customer_id
                WHERE l.month IS NULL OR v.month IS NULL
                   OR h.first_day IS DISTINCT FROM v.first_purchase_date OR h.frequency IS DISTINCT FROM v.frequency
                   OR h.recency_days IS DISTINCT FROM v.recency_days OR h.age_days IS DISTINCT FROM v.age_days
                   OR v.history_date <> l.month - 1
                   OR NOT coalesce(abs(v.monetary_value - h.repeat_revenue / h.frequency) < 1e-6,
                                   v.monetary_value IS NULL AND coalesce(h.frequency, 0) = 0)
                   OR (h.frequency IS NULL) <> (v.predicted_clv_12m = 0)
                ORDER BY 1, 2""";
        assertThat(published.rows(histories)).isEmpty();

        // the same models on the same history give the same value: a lapsed customer's history as of
        // the day before the month against a customer's as of D in customer_summary
        assertThat(published.rows("""
                WITH same AS (
                    SELECT l.predicted_clv_12m AS lapsed, v.predicted_clv_12m AS current
                    FROM lapsed_customer_predictions l
                    JOIN customer_summary s ON s.frequency = l.frequency AND s.recency_days = l.recency_days
                     AND s.age_days = l.age_days AND s.monetary_value IS NOT DISTINCT FROM l.monetary_value
                    JOIN mart_customer_value v ON v.customer_id = s.customer_id)
                SELECT count(*) > 100,
                       count(*) FILTER (WHERE abs(lapsed - current) > 1e-9 * greatest(1, abs(current))
                                           OR lapsed IS NULL OR current IS NULL)
                FROM same""")).containsExactly(List.of("true", "0"));
    }
}
