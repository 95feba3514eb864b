package io.clientele.jobs.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clientele.jobs.PublishedWarehouse;
import io.clientele.jobs.cli.ClienteleCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code clientele dashboard} on a warehouse the real nightly job built from 2,000 demo
 * customers: the page opens in headless Chromium and every chart draws with no script
 * error, and the numbers embedded in it equal independent queries over the warehouse
 * (mostly over the fact tables, not the marts the dashboard reads).
 */
class DashboardTest {

    /** The charts of the page (element ids chart-&lt;id&gt;). */
    static final List<String> CHARTS = List.of(
            "cohorts",
            "churn",
            "churn-segments",
            "clv",
            "pareto",
            "complaints-channel",
            "complaints-trend",
            "complaint-operations",
            "satisfaction",
            "satisfaction-touchpoint",
            "sales",
            "cross-sell",
            "forecast",
            "acquisition",
            "churn-reasons",
            "lifecycle",
            "renewals",
            "contacts",
            "book");

    static final Pattern DATA =
            Pattern.compile("<script id=\"dashboard-data\" type=\"application/json\">(.*?)</script>", Pattern.DOTALL);
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @TempDir
    static Path dir;

    static Path warehouse;
    static Path page;
    static PublishedWarehouse published;
    static JsonNode queries;
    static LocalDate asOf;

    @BeforeAll
    static void demoWarehouseAndItsDashboard() throws IOException {
        warehouse = dir.resolve("wh");
        assertThat(ClienteleCli.execute("demo", "--customers", "2000", "--warehouse", warehouse.toString()))
                .isZero();
        page = dir.resolve("out/dashboard.html");
        assertThat(ClienteleCli.execute("dashboard", "--out", page.toString(), "--warehouse", warehouse.toString()))
                .isZero();
        published = new PublishedWarehouse(warehouse);
        queries = embeddedData(Files.readString(page)).get("queries");
        asOf = LocalDate.parse(
                published.rows("SELECT as_of_date FROM warehouse_info").get(0).get(0));
    }

    static JsonNode embeddedData(String html) throws IOException {
        Matcher m = DATA.matcher(html);
        assertThat(m.find()).as("the page embeds its data").isTrue();
        return JSON.readTree(m.group(1));
    }

    // ------------------------------------------------------------ the page in a browser

    @Test
    void everyChartDrawsInHeadlessChromiumWithNoScriptError() throws Exception {
        assumeTrue(HeadlessChromium.installed(), "chromium is not installed (Debian: apt-get install chromium)");
        String dom = HeadlessChromium.renderedDom(page, Files.createDirectories(dir.resolve("chromium-demo")));

        assertThat(element(dom, "render-errors")).isEqualTo("[]");
        JsonNode status = JSON.readTree(element(dom, "render-status"));
        for (String chart : CHARTS) {
            JsonNode c = status.get(chart);
            assertThat(c).as(chart).isNotNull();
            assertThat(c.get("finished").asBoolean())
                    .as(chart + " finished drawing")
                    .isTrue();
            assertThat(c.get("series").asInt()).as(chart + " series").isPositive();
            assertThat(c.get("points").asInt()).as(chart + " data points").isPositive();
            assertThat(dom).contains("id=\"chart-" + chart + "\"");
        }
        assertThat(status.size()).isEqualTo(CHARTS.size());
        // ECharts drew into a canvas in each chart's element.
        assertThat(Pattern.compile("<canvas").matcher(dom).results().count()).isGreaterThanOrEqualTo(CHARTS.size());
        // One row per account owner in the table, plus its header.
        long owners = Long.parseLong(published
                .rows("SELECT COUNT(*) FROM mart_book_of_business")
                .get(0)
                .get(0));
        assertThat(Pattern.compile("<tr>")
                        .matcher(element(dom, "book-table", "table"))
                        .results()
                        .count())
                .isEqualTo(owners + 1);
    }

    @Test
    void thePageIsSelfContained() throws IOException {
        String html = Files.readString(page);
        // The markup without the scripts' text (ECharts' own code holds HTML in strings).
        String markup = html.replaceAll("(?s)<script([^>]*)>.*?</script>", "<script$1></script>");
        assertThat(markup).hasSizeLessThan(20_000);
        // Nothing is loaded from elsewhere: no element with a src or href, no style import.
        assertThat(Pattern.compile(
                                "<(script|img|link|iframe|object|embed)\\b[^>]*\\b(src|href)\\s*=",
                                Pattern.CASE_INSENSITIVE)
                        .matcher(markup)
                        .find())
                .isFalse();
        assertThat(markup)
                .doesNotContain("@import")
                .contains("<script id=\"dashboard-data\" type=\"application/json\">");
        assertThat(html).contains("Apache ECharts").contains("echarts.init");
        assertThat(queries.fieldNames()).toIterable().containsExactlyElementsOf(DashboardData.QUERIES);
    }

    // ------------------------------------------------------------ the numbers

    @Test
    void headlineFiguresEqualIndependentQueries() {
        JsonNode k = rows("kpis").get(0);
        assertThat(k.get("as_of_date").asText()).isEqualTo(asOf.toString());
        assertThat(k.get("customers").asLong())
                .isEqualTo(count("SELECT COUNT(DISTINCT customer_id) FROM dim_customer"));
        assertThat(k.get("buyers").asLong())
                .isEqualTo(count("SELECT COUNT(DISTINCT customer_id) FROM fact_order WHERE is_purchase"));
        // active on D: the snapshot of D's month is taken on D (docs/contract.md §4.4)
        assertThat(k.get("active_customers").asLong())
                .isEqualTo(count("SELECT COUNT(*) FROM fact_customer_month WHERE is_active AND month_start = DATE '"
                        + asOf.withDayOfMonth(1) + "'"));
        LocalDate window = asOf.withDayOfMonth(1).minusMonths(11);
        assertThat(k.get("revenue_12m").decimalValue())
                .isEqualByComparingTo(
                        decimal("SELECT SUM(net_revenue) FROM fact_order WHERE is_purchase AND order_date >= DATE '"
                                + window + "' AND order_date <= DATE '" + asOf + "'"));
        assertThat(k.get("complaints_12m").asLong())
                .isEqualTo(count("SELECT COUNT(*) FROM fact_complaint WHERE received_date >= DATE '" + window + "'"));
        assertThat(k.get("revenue_12m").decimalValue()).isPositive();
    }

    @Test
    void cohortCellsEqualTheMartForTheLatest24Cohorts() {
        LocalDate first = asOf.withDayOfMonth(1).minusMonths(23);
        List<List<String>> expected = published.rows("""
                SELECT cohort_month, months_since_first, cohort_size, active_customers, retention_rate,
                       revenue, revenue_retention, is_partial
                FROM mart_cohort_retention WHERE cohort_month >= DATE '%s'
                ORDER BY cohort_month, months_since_first""".formatted(first));
        assertThat(texts(rows("cohort_retention"))).isEqualTo(expected);
        // 24 cohorts, and every month from each one up to D's: 24 + 23 + … + 1 cells (the demo buys every month)
        assertThat(expected.stream().map(r -> r.get(0)).distinct().count()).isEqualTo(24);
        assertThat(expected).hasSize(24 * 25 / 2);
    }

    @Test
    void churnSatisfactionAndBookEqualTheMarts() {
        assertThat(texts(rows("churn_monthly"))).isEqualTo(published.rows("""
                SELECT month, segment_kind, segment, customers_start, new_customers, customers_end, lost_customers,
                       retention_rate, churn_rate, revenue_churn
                FROM mart_churn_monthly ORDER BY segment_kind, segment, month"""));
        assertThat(texts(rows("satisfaction_monthly")))
                .isEqualTo(published.rows("""
                SELECT month, segment, csat_responses, csat_avg, csat_satisfied_pct, nps_responses, nps
                FROM mart_satisfaction_monthly WHERE month >= DATE '%s'
                ORDER BY segment, month""".formatted(asOf.withDayOfMonth(1).minusMonths(23))));
        assertThat(texts(rows("book_of_business"))).isEqualTo(published.rows("""
                SELECT account_owner, customers, active_customers, prospects, former_customers, revenue_12m, book_value,
                       book_value_basis, churn_rate_12m, complaints_12m, csat_avg_12m, nps_responses_12m, nps_12m
                FROM mart_book_of_business ORDER BY revenue_12m DESC, account_owner"""));
        assertThat(rows("churn_monthly").stream()
                        .map(r -> r.get("segment_kind").asText())
                        .distinct())
                .containsExactlyInAnyOrder(
                        "all", "customer_type", "acquisition_channel", "account_owner", "complained_90d");
    }

    @Test
    void complaintsByChannelAndCategoryEqualTheComplaintFacts() {
        // straight from fact_complaint, not the mart: received in D's month and the 11 before
        List<List<String>> expected =
                published.rows("""
                SELECT COALESCE(channel, 'unknown'), COALESCE(category, 'unknown'), COUNT(*),
                       COUNT(*) FILTER (WHERE is_closed),
                       COUNT(*) FILTER (WHERE within_deadline IS NOT NULL),
                       COUNT(*) FILTER (WHERE within_deadline)
                FROM fact_complaint WHERE received_date >= DATE '%s'
                GROUP BY ALL ORDER BY 1, 2""".formatted(asOf.withDayOfMonth(1).minusMonths(11)));
        assertThat(expected).hasSizeGreaterThan(4);
        assertThat(texts(rows("complaints_by_channel"))).isEqualTo(expected);

        List<List<String>> monthly =
                published.rows("""
                SELECT date_trunc('month', received_date)::DATE, COUNT(*), COUNT(*) FILTER (WHERE is_closed),
                       COUNT(*) FILTER (WHERE within_deadline IS NOT NULL), COUNT(*) FILTER (WHERE within_deadline)
                FROM fact_complaint WHERE received_date >= DATE '%s'
                GROUP BY ALL ORDER BY 1""".formatted(asOf.withDayOfMonth(1).minusMonths(23)));
        assertThat(texts(rows("complaints_monthly"))).isEqualTo(monthly);
    }

    @Test
    void complaintOperationsEqualTheComplaintAndCustomerMonthFacts() {
        // From fact_complaint and fact_customer_month, not the marts (docs/contract.md §4.13): every
        // month of the 24 up to D from the first complaint's on, none skipped. Open at a month's end:
        // received by the end of its last day (of D) and not closed by then (closed without
        // resolved_at: closed); overdue: more than 30 × 24 h old at that end.
        List<List<String>> expected =
                published.rows("""
                WITH months AS (
                    SELECT DISTINCT month_start, least(month_end, DATE '%1$s') AS snap FROM dim_date
                    WHERE month_start >= DATE '%2$s'
                      AND month_start >= (SELECT date_trunc('month', min(received_date)) FROM fact_complaint)
                      AND month_start <= DATE '%1$s'),
                open AS (
                    SELECT m.month_start, count(*) AS open,
                           count(*) FILTER (WHERE c.received_at < CAST(m.snap AS TIMESTAMP) + INTERVAL 1 DAY
                                                                   - INTERVAL 1 MICROSECOND - INTERVAL 30 DAY) AS overdue
                    FROM months m JOIN fact_complaint c
                      ON c.received_date <= m.snap
                     AND NOT (c.is_closed AND (c.resolved_at IS NULL OR c.resolved_date <= m.snap))
                    GROUP BY 1),
                received AS (
                    SELECT date_trunc('month', received_date)::DATE AS month_start, count(*) AS complaints,
                           count(DISTINCT customer_id) AS complainants,
                           count(*) FILTER (WHERE severity = 'low') AS low,
                           count(*) FILTER (WHERE severity = 'medium') AS medium,
                           count(*) FILTER (WHERE severity = 'high') AS high,
                           count(*) FILTER (WHERE severity = 'critical') AS critical,
                           coalesce(sum(compensation_amount) FILTER (WHERE severity = 'low' AND is_closed), 0) AS trivial
                    FROM fact_complaint GROUP BY 1),
                active AS (
                    SELECT month_start, count(*) FILTER (WHERE is_active) AS active FROM fact_customer_month GROUP BY 1)
                SELECT m.month_start, coalesce(r.complaints, 0), coalesce(r.complainants, 0), coalesce(a.active, 0),
                       CASE WHEN a.active > 0 THEN coalesce(r.complainants, 0) / a.active END,
                       coalesce(r.low, 0), coalesce(r.medium, 0), coalesce(r.high, 0), coalesce(r.critical, 0),
                       coalesce(r.trivial, 0), coalesce(o.open, 0), coalesce(o.overdue, 0)
                FROM months m
                LEFT JOIN open o ON o.month_start = m.month_start
                LEFT JOIN received r ON r.month_start = m.month_start
                LEFT JOIN active a ON a.month_start = m.month_start
                ORDER BY 1""".formatted(asOf, asOf.withDayOfMonth(1).minusMonths(23)));
        assertThat(expected).hasSize(24);
        assertThat(texts(rows("complaint_operations"))).isEqualTo(expected);
        // the demo's backlog goes past the deadline at some month end
        assertThat(rows("complaint_operations").stream()
                        .mapToLong(r -> r.get("overdue_at_month_end").asLong())
                        .sum())
                .isPositive();
    }

    @Test
    void salesEqualTheOrderLinesOfThePurchases() {
        // category, country (the customer's version at the order) and channel cells, from the lines
        String first = asOf.withDayOfMonth(1).minusMonths(23).toString();
        List<List<String>> expected = published.rows("""
                WITH lines AS (
                    SELECT date_trunc('month', o.order_date)::DATE AS month_start, o.order_id, o.customer_id,
                           coalesce(p.category, 'unknown') AS category, coalesce(c.country, 'unknown') AS country,
                           coalesce(o.channel, 'unknown') AS channel, l.line_revenue
                    FROM fact_order o
                    JOIN fact_order_line l ON l.order_id = o.order_id
                    LEFT JOIN dim_product p ON p.product_key = l.product_key
                    LEFT JOIN dim_customer c ON c.customer_key = o.customer_key
                    WHERE o.is_purchase AND o.order_date >= DATE '%s')
                SELECT * FROM (
                    SELECT month_start, 'category' AS kind, category AS breakdown, count(DISTINCT order_id),
                           count(DISTINCT customer_id), sum(line_revenue) FROM lines GROUP BY 1, 2, 3
                    UNION ALL
                    SELECT month_start, 'channel', channel, count(DISTINCT order_id), count(DISTINCT customer_id),
                           sum(line_revenue) FROM lines GROUP BY 1, 2, 3
                    UNION ALL
                    SELECT month_start, 'country', country, count(DISTINCT order_id), count(DISTINCT customer_id),
                           sum(line_revenue) FROM lines GROUP BY 1, 2, 3)
                ORDER BY 2, 3, 1""".formatted(first));
        List<List<String>> shown = new ArrayList<>();
        for (List<String> r : texts(rows("sales_monthly"))) {
            if (!r.get(1).equals("all")) {
                shown.add(List.of(r.get(0), r.get(1), r.get(2), r.get(4), r.get(5), r.get(6)));
            }
        }
        assertThat(shown).isEqualTo(expected);
        assertThat(expected.stream().map(r -> r.get(2)).distinct().count())
                .as("the demo sells in several categories, countries and channels")
                .isGreaterThan(6);

        // the whole book's rates, month by month, from gross, returned and discounted amounts
        List<List<String>> rates = published.rows("""
                SELECT date_trunc('month', o.order_date)::DATE,
                       sum(l.discount_amount) / sum(l.quantity * l.unit_price) FILTER (WHERE l.quantity > 0),
                       sum(-l.quantity * l.unit_price) FILTER (WHERE l.quantity < 0)
                           / sum(l.quantity * l.unit_price) FILTER (WHERE l.quantity > 0)
                FROM fact_order o JOIN fact_order_line l ON l.order_id = o.order_id
                WHERE o.is_purchase AND o.order_date >= DATE '%s'
                GROUP BY 1 ORDER BY 1""".formatted(first));
        List<JsonNode> all = rows("sales_monthly").stream()
                .filter(r -> r.get("breakdown_kind").asText().equals("all"))
                .toList();
        assertThat(all).hasSize(rates.size()).hasSize(24);
        for (int i = 0; i < all.size(); i++) {
            JsonNode r = all.get(i);
            assertThat(r.get("month").asText()).isEqualTo(rates.get(i).get(0));
            assertThat(r.get("discount_rate").asDouble())
                    .isCloseTo(Double.parseDouble(rates.get(i).get(1)), within(1e-9));
            assertThat(r.get("return_rate").asDouble())
                    .isCloseTo(
                            rates.get(i).get(2).equals("NULL")
                                    ? 0
                                    : Double.parseDouble(rates.get(i).get(2)),
                            within(1e-9));
        }
    }

    @Test
    void crossSellingEqualsTheCategoryPurchasesOfEachCustomer() {
        String first = asOf.withDayOfMonth(1).minusMonths(23).toString();
        // a category purchase: a sold line with revenue, of a purchase, of a product with a category
        List<List<String>> expected = published.rows("""
                WITH bought AS (
                    SELECT DISTINCT o.customer_id, date_trunc('month', o.order_date)::DATE AS month_start
                    FROM fact_order o WHERE o.is_purchase),
                firsts AS (SELECT customer_id, min(month_start) AS first_month FROM bought GROUP BY 1),
                cat AS (
                    SELECT DISTINCT o.customer_id, date_trunc('month', o.order_date)::DATE AS month_start, p.category
                    FROM fact_order o JOIN fact_order_line l ON l.order_id = o.order_id
                    JOIN dim_product p ON p.product_key = l.product_key
                    WHERE o.is_purchase AND l.quantity > 0 AND l.line_revenue > 0 AND p.category IS NOT NULL),
                newcat AS (
                    SELECT DISTINCT c.customer_id, c.month_start FROM cat c
                    WHERE NOT EXISTS (SELECT 1 FROM cat e WHERE e.customer_id = c.customer_id
                                      AND e.category = c.category AND e.month_start < c.month_start)),
                breadth AS (
                    SELECT b.customer_id, b.month_start, count(DISTINCT c.category) AS categories
                    FROM bought b LEFT JOIN cat c ON c.customer_id = b.customer_id AND c.month_start <= b.month_start
                    GROUP BY 1, 2)
                SELECT b.month_start, count(*),
                       count(*) FILTER (WHERE f.first_month < b.month_start),
                       count(n.customer_id),
                       count(n.customer_id) FILTER (WHERE f.first_month < b.month_start),
                       avg(w.categories)
                FROM bought b JOIN firsts f USING (customer_id)
                LEFT JOIN newcat n ON n.customer_id = b.customer_id AND n.month_start = b.month_start
                JOIN breadth w ON w.customer_id = b.customer_id AND w.month_start = b.month_start
                WHERE b.month_start >= DATE '%s'
                GROUP BY 1 ORDER BY 1""".formatted(first));
        List<JsonNode> shown = rows("cross_sell_monthly");
        assertThat(shown).hasSize(expected.size()).hasSize(24);
        for (int i = 0; i < shown.size(); i++) {
            JsonNode r = shown.get(i);
            List<String> e = expected.get(i);
            assertThat(List.of(
                            r.get("month").asText(),
                            r.get("buyers").asText(),
                            r.get("repeat_buyers").asText(),
                            r.get("new_category_buyers").asText(),
                            r.get("cross_sell_buyers").asText()))
                    .isEqualTo(e.subList(0, 5));
            assertThat(r.get("cross_sell_rate").asDouble())
                    .isCloseTo(Double.parseDouble(e.get(4)) / Double.parseDouble(e.get(2)), within(1e-9));
            assertThat(r.get("avg_category_breadth").asDouble()).isCloseTo(Double.parseDouble(e.get(5)), within(1e-9));
        }
        assertThat(shown.stream()
                        .mapToLong(r -> r.get("cross_sell_buyers").asLong())
                        .sum())
                .isPositive();
    }

    @Test
    void satisfactionByTouchpointAndValueEqualsTheAnswersOfTheYear() {
        // the tier is taken at each answer month's end: a buyer of the 12 months up to it is in the
        // top 20% when fewer than a fifth of those buyers have strictly more revenue
        LocalDate from = asOf.withDayOfMonth(1).minusMonths(11);
        List<List<String>> expected = published.rows("""
                WITH answers AS (
                    SELECT date_trunc('month', response_date)::DATE AS month_start, customer_id,
                           coalesce(touchpoint, 'unknown') AS touchpoint, kind, score
                    FROM fact_survey_response WHERE response_date >= DATE '%1$s'),
                months AS (SELECT DISTINCT month_start FROM answers),
                revenue AS (
                    SELECT m.month_start, o.customer_id, sum(o.net_revenue) AS revenue
                    FROM months m JOIN fact_order o ON o.is_purchase
                     AND o.order_date > m.month_start + INTERVAL 1 MONTH - INTERVAL 12 MONTH - INTERVAL 1 DAY
                     AND o.order_date < m.month_start + INTERVAL 1 MONTH
                    GROUP BY 1, 2 HAVING sum(o.net_revenue) > 0),
                top AS (
                    SELECT a.month_start, a.customer_id
                    FROM revenue a JOIN revenue b ON b.month_start = a.month_start
                    GROUP BY a.month_start, a.customer_id, a.revenue
                    HAVING 5 * count(*) FILTER (WHERE b.revenue > a.revenue) < count(*)),
                tiered AS (
                    SELECT a.*, CASE WHEN t.customer_id IS NULL THEN 'rest' ELSE 'top20' END AS tier
                    FROM answers a LEFT JOIN top t ON t.month_start = a.month_start AND t.customer_id = a.customer_id),
                cells AS (
                    SELECT touchpoint, FALSE AS total, tier, kind, score FROM tiered
                    UNION ALL SELECT NULL, TRUE, tier, kind, score FROM tiered)
                SELECT coalesce(touchpoint, 'NULL'), total, tier,
                       count(*) FILTER (WHERE kind = 'CSAT'),
                       avg(score) FILTER (WHERE kind = 'CSAT'),
                       100.0 * count(*) FILTER (WHERE kind = 'CSAT' AND score >= 4)
                           / nullif(count(*) FILTER (WHERE kind = 'CSAT'), 0),
                       count(*) FILTER (WHERE kind = 'NPS'),
                       100.0 * (count(*) FILTER (WHERE kind = 'NPS' AND score >= 9)
                               - count(*) FILTER (WHERE kind = 'NPS' AND score <= 6))
                           / nullif(count(*) FILTER (WHERE kind = 'NPS'), 0)
                FROM cells GROUP BY 1, 2, 3 ORDER BY 2 DESC, 1, 3""".formatted(from));
        List<JsonNode> shown = rows("satisfaction_touchpoint");
        assertThat(shown).hasSize(expected.size());
        for (int i = 0; i < shown.size(); i++) {
            JsonNode r = shown.get(i);
            List<String> e = expected.get(i);
            assertThat(List.of(
                            r.get("touchpoint").isNull()
                                    ? "NULL"
                                    : r.get("touchpoint").asText(),
                            r.get("is_touchpoint_total").asText(),
                            r.get("value_tier").asText(),
                            r.get("csat_responses").asText(),
                            r.get("nps_responses").asText()))
                    .isEqualTo(List.of(e.get(0), e.get(1), e.get(2), e.get(3), e.get(6)));
            for (String[] c :
                    new String[][] {{"csat_avg", e.get(4)}, {"csat_satisfied_pct", e.get(5)}, {"nps", e.get(7)}}) {
                if (c[1].equals("NULL")) {
                    assertThat(r.get(c[0]).isNull()).as(c[0]).isTrue();
                } else {
                    assertThat(r.get(c[0]).asDouble()).as(c[0]).isCloseTo(Double.parseDouble(c[1]), within(1e-9));
                }
            }
        }
        // the demo's answers reach several touchpoints and both tiers
        assertThat(expected.stream().map(r -> r.get(0)).distinct().count()).isGreaterThan(2);
        assertThat(expected.stream().map(r -> r.get(2)).distinct()).containsExactlyInAnyOrder("top20", "rest");
    }

    @Test
    void forecastShowsTheModelsTableAndTheBacktestActualsEqualTheOrders() {
        assertThat(texts(rows("forecast"))).isEqualTo(published.rows("""
                SELECT is_backtest, history_end, month, months_ahead, customers, expected_purchases, expected_revenue,
                       actual_purchases, actual_revenue
                FROM forecast_monthly ORDER BY month, is_backtest"""));
        List<JsonNode> ahead = rows("forecast").stream()
                .filter(r -> !r.get("is_backtest").asBoolean())
                .toList();
        assertThat(ahead).hasSize(12);
        assertThat(ahead.get(0).get("month").asText())
                .isEqualTo(asOf.withDayOfMonth(1).plusMonths(1).toString());
        assertThat(ahead.stream().allMatch(r -> r.get("expected_revenue").asDouble() > 0))
                .isTrue();
        // the backtest's actuals: purchase days and revenue in the month of those who had bought by the cutoff
        List<JsonNode> backtest = rows("forecast").stream()
                .filter(r -> r.get("is_backtest").asBoolean())
                .toList();
        assertThat(backtest).hasSize(3);
        for (JsonNode r : backtest) {
            String cutoff = r.get("history_end").asText();
            LocalDate from = LocalDate.parse(r.get("month").asText());
            List<String> actual = published
                    .rows("""
                            SELECT count(DISTINCT (customer_id, order_date)), sum(net_revenue)
                            FROM fact_order
                            WHERE is_purchase AND order_date >= DATE '%s' AND order_date < DATE '%s'
                              AND customer_id IN (SELECT customer_id FROM fact_order
                                                  WHERE is_purchase AND order_date <= DATE '%s')""".formatted(from, from.plusMonths(1), cutoff))
                    .get(0);
            assertThat(r.get("actual_purchases").asText()).isEqualTo(actual.get(0));
            assertThat(r.get("actual_revenue").decimalValue()).isEqualByComparingTo(new BigDecimal(actual.get(1)));
        }
    }

    @Test
    void valueAgainstAcquisitionCostEqualsTheCohortsOfTheFacts() {
        // per channel: the customers whose first purchase falls in a month of the window in which
        // their channel recorded spend, that spend, and the cohort's revenue to date
        String first = asOf.withDayOfMonth(1).minusMonths(23).toString();
        List<List<String>> expected = published.rows("""
                WITH firsts AS (
                    SELECT customer_id, date_trunc('month', min(order_date))::DATE AS month_start
                    FROM fact_order WHERE is_purchase GROUP BY 1),
                cohort AS (
                    SELECT f.customer_id, f.month_start, lower(coalesce(c.acquisition_channel, 'unknown')) AS channel
                    FROM firsts f JOIN dim_customer c ON c.customer_id = f.customer_id AND c.is_current),
                spend AS (
                    SELECT month AS month_start, lower(channel) AS channel, sum(amount) AS amount
                    FROM fact_marketing_spend GROUP BY 1, 2),
                cells AS (
                    SELECT s.channel, s.month_start, s.amount, count(DISTINCT c.customer_id) AS customers,
                           sum(o.net_revenue) FILTER (WHERE o.is_purchase) AS revenue
                    FROM spend s
                    JOIN cohort c ON c.channel = s.channel AND c.month_start = s.month_start
                    LEFT JOIN fact_order o ON o.customer_id = c.customer_id
                    WHERE s.month_start >= DATE '%s' AND s.amount > 0
                    GROUP BY 1, 2, 3)
                SELECT channel, sum(customers), sum(amount), sum(amount) / sum(customers), sum(revenue) / sum(customers)
                FROM cells GROUP BY 1 ORDER BY 1""".formatted(first));
        List<JsonNode> shown = rows("acquisition");
        assertThat(shown).hasSize(expected.size());
        assertThat(shown).isNotEmpty();
        for (int i = 0; i < shown.size(); i++) {
            JsonNode r = shown.get(i);
            List<String> e = expected.get(i);
            assertThat(List.of(
                            r.get("acquisition_channel").asText(),
                            r.get("new_customers").asText()))
                    .isEqualTo(e.subList(0, 2));
            assertThat(r.get("marketing_spend").decimalValue()).isEqualByComparingTo(new BigDecimal(e.get(2)));
            assertThat(r.get("cac").asDouble()).isCloseTo(Double.parseDouble(e.get(3)), within(1e-6));
            assertThat(r.get("revenue_per_customer").asDouble()).isCloseTo(Double.parseDouble(e.get(4)), within(1e-6));
        }
        // the headline count of customers costing more than they bring
        assertThat(rows("kpis").get(0).get("unprofitable_customers").asLong())
                .isEqualTo(count("SELECT count(*) FROM mart_customer_value WHERE is_unprofitable"));
    }

    @Test
    void churnReasonsClassifyTheCustomersLostInTheCustomerMonths() {
        // lost in month m: active at the end of m − 1, not at the end of m; complete months of the last 12
        LocalDate from = asOf.plusDays(1).withDayOfMonth(1).minusMonths(12);
        String lapsed = """
                WITH f AS (
                    SELECT customer_id, month_start, is_active, is_complete,
                           lag(is_active) OVER (PARTITION BY customer_id ORDER BY month_start) AS was_active
                    FROM fact_customer_month)
                SELECT customer_id, last_day(month_start) AS lapse FROM f
                WHERE was_active AND NOT is_active AND is_complete AND month_start >= DATE '%s'""".formatted(from);
        long lost = count("SELECT count(*) FROM (" + lapsed + ")");
        assertThat(lost).isPositive();
        // the contact source: a complaint, else an interaction, in the 90 days that end on the lapse day
        List<List<String>> contact = published.rows("""
                WITH lapsed AS (%s)
                SELECT reason, count(*) FROM (
                    SELECT CASE WHEN EXISTS (SELECT 1 FROM fact_complaint c WHERE c.customer_id = l.customer_id
                                             AND c.received_date > l.lapse - 90 AND c.received_date <= l.lapse)
                                THEN 'complaint'
                                WHEN EXISTS (SELECT 1 FROM fact_interaction i WHERE i.customer_id = l.customer_id
                                             AND i.occurred_date > l.lapse - 90 AND i.occurred_date <= l.lapse)
                                THEN 'contact only'
                                ELSE 'no complaint, no contact' END AS reason
                    FROM lapsed l)
                GROUP BY 1 ORDER BY 1""".formatted(lapsed));
        List<JsonNode> shown = rows("churn_reasons");
        assertThat(shown.stream()
                        .filter(r -> r.get("reason_source").asText().equals("contact"))
                        .map(r -> List.of(
                                r.get("reason").asText(),
                                r.get("lost_customers").asText()))
                        .sorted(Comparator.comparing(r -> r.get(0)))
                        .toList())
                .isEqualTo(contact);
        for (String source : List.of("contract_cancel_reason", "last_complaint", "contact")) {
            List<JsonNode> of = shown.stream()
                    .filter(r -> r.get("reason_source").asText().equals(source))
                    .toList();
            assertThat(of.stream()
                            .mapToLong(r -> r.get("lost_customers").asLong())
                            .sum())
                    .as(source)
                    .isEqualTo(lost);
            assertThat(of.stream()
                            .mapToDouble(r -> r.get("share_of_lost").asDouble())
                            .sum())
                    .isCloseTo(1, within(1e-9));
        }
    }

    @Test
    void lifecycleStagesEqualTheCustomerMonths() {
        String first = asOf.withDayOfMonth(1).minusMonths(23).toString();
        List<List<String>> expected = published.rows("""
                WITH f AS (
                    SELECT month_start, lifecycle_stage AS stage,
                           lag(lifecycle_stage) OVER (PARTITION BY customer_id ORDER BY month_start) AS before
                    FROM fact_customer_month),
                stages AS (SELECT unnest(['active', 'churned', 'dissatisfied', 'prospect', 'won_back']) AS stage),
                months AS (SELECT DISTINCT month_start FROM f WHERE month_start >= DATE '%s')
                SELECT m.month_start, s.stage,
                       count(*) FILTER (WHERE f.stage = s.stage),
                       count(*) FILTER (WHERE f.stage = s.stage AND f.before IS DISTINCT FROM s.stage),
                       count(*) FILTER (WHERE f.before = s.stage AND f.stage <> s.stage)
                FROM months m CROSS JOIN stages s JOIN f ON f.month_start = m.month_start
                GROUP BY 1, 2 ORDER BY 1, 2""".formatted(first));
        List<List<String>> shown = new ArrayList<>();
        for (List<String> r : texts(rows("lifecycle_monthly"))) {
            shown.add(List.of(r.get(0), r.get(2), r.get(3), r.get(4), r.get(5)));
        }
        assertThat(shown).isEqualTo(expected).hasSize(24 * 5);
        assertThat(rows("lifecycle_monthly").stream()
                        .filter(r -> !r.get("win_back_rate_12m").isNull())
                        .count())
                .as("win-back rates known for the older months")
                .isPositive();
    }

    @Test
    void renewalsAndContactsEqualTheContractsAndInteractions() {
        String first = asOf.withDayOfMonth(1).minusMonths(23).toString();
        // contacts: straight from the interactions and complaints of each month
        List<List<String>> contacts = published.rows("""
                WITH i AS (
                    SELECT date_trunc('month', occurred_date)::DATE AS month_start, count(*) AS contacts,
                           count(*) FILTER (WHERE direction = 'inbound') AS inbound,
                           count(*) FILTER (WHERE direction = 'outbound') AS outbound,
                           count(DISTINCT agent_id) AS agents
                    FROM fact_interaction GROUP BY 1),
                c AS (SELECT date_trunc('month', received_date)::DATE AS month_start, count(*) AS complaints
                      FROM fact_complaint GROUP BY 1)
                SELECT i.month_start, i.contacts, i.inbound, i.outbound, i.agents,
                       CASE WHEN c.complaints > 0 THEN i.contacts / c.complaints END
                FROM i LEFT JOIN c USING (month_start)
                WHERE i.month_start >= DATE '%s' ORDER BY 1""".formatted(first));
        List<JsonNode> shown = rows("contacts_monthly");
        assertThat(shown).hasSize(contacts.size()).hasSize(24);
        for (int i = 0; i < shown.size(); i++) {
            JsonNode r = shown.get(i);
            List<String> e = contacts.get(i);
            assertThat(List.of(
                            r.get("month").asText(),
                            r.get("contacts").asText(),
                            r.get("inbound").asText(),
                            r.get("outbound").asText(),
                            r.get("agents").asText()))
                    .isEqualTo(e.subList(0, 5));
            assertThat(r.get("contacts_per_complaint").asDouble())
                    .isCloseTo(Double.parseDouble(e.get(5)), within(1e-9));
        }
        // renewals: the per-contract renewals counted by the renewing contract's start month
        List<List<String>> renewals = published.rows("""
                SELECT date_trunc('month', renewal_start_date)::DATE, count(*),
                       count(*) FILTER (WHERE renewal_status = 'upsell'),
                       count(*) FILTER (WHERE renewal_status = 'downsell')
                FROM mart_contract_renewals
                WHERE renewed_by_contract_id IS NOT NULL AND renewal_start_date >= DATE '%s'
                GROUP BY 1 ORDER BY 1""".formatted(first));
        assertThat(rows("renewals_monthly").stream()
                        .filter(r -> r.get("renewals").asLong() > 0)
                        .map(r -> List.of(
                                r.get("month").asText(),
                                r.get("renewals").asText(),
                                r.get("upsells").asText(),
                                r.get("downsells").asText()))
                        .toList())
                .isEqualTo(renewals);
        assertThat(rows("kpis").get(0).get("renewal_calls").asLong())
                .isEqualTo(count("SELECT count(*) FROM renewal_calls"));
    }

    @Test
    void paretoCurveAndClvBandsEqualAComputationOverTheCustomers() {
        List<BigDecimal> clv = new ArrayList<>();
        for (List<String> r : published.rows("SELECT historical_clv FROM mart_customer_value WHERE orders > 0")) {
            clv.add(new BigDecimal(r.get(0)));
        }
        clv.sort(Comparator.reverseOrder());
        BigDecimal total = clv.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        List<JsonNode> pareto = rows("clv_pareto");
        assertThat(pareto).hasSize(101);
        for (int p : new int[] {0, 1, 20, 50, 100}) {
            int n = (int) Math.ceil(p * clv.size() / 100.0);
            double share = 100
                    * clv.subList(0, n).stream()
                            .reduce(BigDecimal.ZERO, BigDecimal::add)
                            .doubleValue()
                    / total.doubleValue();
            assertThat(pareto.get(p).get("customers_pct").asInt()).isEqualTo(p);
            assertThat(pareto.get(p).get("clv_pct").asDouble())
                    .as("top %d%%", p)
                    .isCloseTo(share, within(1e-9));
        }
        // a business's value is concentrated: the top fifth bring more than a fifth
        assertThat(pareto.get(20).get("clv_pct").asDouble()).isGreaterThan(20);

        // bands: contiguous, the last open, each counting the buyers within its bounds
        List<JsonNode> bands = rows("clv_distribution");
        long counted = 0;
        BigDecimal summed = BigDecimal.ZERO;
        for (int i = 0; i < bands.size(); i++) {
            JsonNode b = bands.get(i);
            BigDecimal from = b.get("band_from").decimalValue();
            BigDecimal to = b.get("band_to").isNull() ? null : b.get("band_to").decimalValue();
            assertThat(to == null).isEqualTo(i == bands.size() - 1);
            List<BigDecimal> in = clv.stream()
                    .filter(v -> v.compareTo(from) >= 0 && (to == null || v.compareTo(to) < 0))
                    .toList();
            assertThat(b.get("customers").asLong()).as("band from %s", from).isEqualTo(in.size());
            assertThat(b.get("clv_total").decimalValue())
                    .isEqualByComparingTo(in.stream().reduce(BigDecimal.ZERO, BigDecimal::add));
            counted += in.size();
            summed = summed.add(b.get("clv_total").decimalValue());
        }
        assertThat(counted).isEqualTo(clv.size());
        assertThat(summed).isEqualByComparingTo(total);
    }

    // ------------------------------------------------------------ bad warehouses and hostile data

    @Test
    void aMissingOrEmptyWarehouseStopsWithOneLine() throws Exception {
        Path none = Files.createDirectories(dir.resolve("none"));
        assertThat(failure("dashboard", "--out", dir.resolve("x.html").toString(), "--warehouse", none.toString()))
                .isEqualTo("clientele: no warehouse at " + none.resolve("clientele.duckdb")
                        + " (run `clientele demo` or `clientele run` first)");

        Path empty = Files.createDirectories(dir.resolve("empty"));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + empty.resolve("clientele.duckdb"))) {
            c.createStatement().execute("CREATE TABLE unrelated (x INT)");
        }
        assertThat(failure("dashboard", "--out", dir.resolve("x.html").toString(), "--warehouse", empty.toString()))
                .isEqualTo(
                        "clientele: warehouse " + empty.resolve("clientele.duckdb")
                                + " has no table warehouse_info (not a published Clientele warehouse; run `clientele run` first)");
        assertThat(dir.resolve("x.html")).doesNotExist();
    }

    @Test
    void dataThatLooksLikeHtmlStaysText() throws Exception {
        assumeTrue(HeadlessChromium.installed(), "chromium is not installed (Debian: apt-get install chromium)");
        // the hand-written fixture with an account owner that tries to end the data's script element
        String hostile = "</script><script>document.body.setAttribute('data-pwned','1')</script><!-- \u2028 & done";
        Path inbox = Files.createDirectories(dir.resolve("hostile-inbox"));
        Path fixture = Path.of("src/test/resources/fixtures/three-months").toAbsolutePath();
        try (Stream<Path> files = Files.list(fixture)) {
            for (Path f : files.toList()) {
                Files.copy(f, inbox.resolve(f.getFileName()));
            }
        }
        String customers = Files.readString(inbox.resolve("customers.csv"));
        assertThat(customers).contains(",Mia,");
        Files.writeString(inbox.resolve("customers.csv"), customers.replace(",Mia,", ",\"" + hostile + "\","));
        Path wh = dir.resolve("hostile-wh");
        assertThat(ClienteleCli.execute(
                        "run", "--date", "2026-04-02", "--inbox", inbox.toString(), "--warehouse", wh.toString()))
                .isZero();
        assertThat(new PublishedWarehouse(wh)
                        .rows("SELECT COUNT(*) FROM mart_book_of_business WHERE account_owner = '"
                                + hostile.replace("'", "''") + "'"))
                .containsExactly(List.of("1"));
        Path html = dir.resolve("hostile.html");
        assertThat(ClienteleCli.execute("dashboard", "--out", html.toString(), "--warehouse", wh.toString()))
                .isZero();

        // the owner arrives in the data intact ...
        JsonNode book = embeddedData(Files.readString(html)).get("queries").get("book_of_business");
        List<String> owners = new ArrayList<>();
        book.get("rows").forEach(r -> owners.add(r.get(0).asText()));
        assertThat(owners).contains(hostile);
        // ... and in the browser it is text in the table, never markup or script
        String dom = HeadlessChromium.renderedDom(html, Files.createDirectories(dir.resolve("chromium-hostile")));
        assertThat(element(dom, "render-errors")).isEqualTo("[]");
        assertThat(dom).doesNotContain("data-pwned=\"1\"");
        assertThat(element(dom, "book-table", "table"))
                .contains("&lt;/script&gt;&lt;script&gt;document.body.setAttribute('data-pwned','1')");
        JsonNode status = JSON.readTree(element(dom, "render-status"));
        for (String chart : CHARTS) {
            assertThat(status.get(chart).get("finished").asBoolean()).as(chart).isTrue();
        }
    }

    @Test
    void embeddedJsonCannotEndItsScriptElement() throws IOException {
        String value = "</script><!-- a & b \u2028 \u2029 </SCRIPT >";
        String json = DashboardPage.json(java.util.Map.of("v", value));
        assertThat(json)
                .doesNotContain("<")
                .doesNotContain(">")
                .doesNotContain("&")
                .doesNotContain("\u2028")
                .doesNotContain("\u2029");
        assertThat(JSON.readTree(json).get("v").asText()).isEqualTo(value);
        assertThat(DashboardPage.inlineScript("var s = '</script>'; var t = '</SCRIPT>';"))
                .isEqualTo("var s = '<\\/script>'; var t = '<\\/SCRIPT>';");
    }

    // ------------------------------------------------------------ helpers

    private static List<JsonNode> rows(String query) {
        JsonNode q = queries.get(query);
        List<String> columns = new ArrayList<>();
        q.get("columns").forEach(c -> columns.add(c.asText()));
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode r : q.get("rows")) {
            var o = JSON.createObjectNode();
            for (int i = 0; i < columns.size(); i++) {
                o.set(columns.get(i), r.get(i));
            }
            out.add(o);
        }
        return out;
    }

    /** Values as text the way {@link PublishedWarehouse} writes them (decimals plain, doubles to 9 places). */
    private static List<List<String>> texts(List<JsonNode> rows) {
        List<List<String>> out = new ArrayList<>();
        for (JsonNode r : rows) {
            List<String> row = new ArrayList<>();
            r.forEach(v -> row.add(
                    v.isNull()
                            ? "NULL"
                            : v.isIntegralNumber()
                                    ? v.bigIntegerValue().toString()
                                    : v.isNumber()
                                            ? v.decimalValue()
                                                    .setScale(9, RoundingMode.HALF_EVEN)
                                                    .stripTrailingZeros()
                                                    .toPlainString()
                                            : v.asText()));
            out.add(row);
        }
        return out;
    }

    private static long count(String sql) {
        return Long.parseLong(published.rows(sql).get(0).get(0));
    }

    private static BigDecimal decimal(String sql) {
        return new BigDecimal(published.rows(sql).get(0).get(0));
    }

    private static String element(String dom, String id) {
        return element(dom, id, "pre");
    }

    private static String element(String dom, String id, String tag) {
        Matcher m = Pattern.compile("<" + tag + " id=\"" + id + "\"[^>]*>(.*?)</" + tag + ">", Pattern.DOTALL)
                .matcher(dom);
        assertThat(m.find()).as("element #" + id + " in the DOM").isTrue();
        return m.group(1).replace("&quot;", "\"");
    }

    /** Runs the CLI expecting exit status 1; returns what it printed on stderr. */
    private static String failure(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream previous = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertThat(ClienteleCli.execute(args)).isEqualTo(1);
        } finally {
            System.setErr(previous);
        }
        return err.toString(StandardCharsets.UTF_8).strip();
    }

    // ------------------------------------------------------------ the data dictionary of the same warehouse

    /**
     * {@code clientele docs} on this warehouse: every published table and view, and each of its
     * columns, appears with its type and comment as the DuckDB file has them, and its row count;
     * the lineage is each manifest's depends_on and its inverse; a cited definition of the contract
     * is quoted from docs/contract.md. The expected values are read from the file by SQL of this test
     * and from the manifests and the contract directly.
     */
    @Nested
    class DataDictionary {

        static final Pattern SECTION =
                Pattern.compile("<section class=\"table\" id=\"t-([^\"]+)\"[^>]*>(.*?)</section>", Pattern.DOTALL);

        java.util.Map<String, String> sections(String html) {
            java.util.Map<String, String> sections = new java.util.LinkedHashMap<>();
            Matcher m = SECTION.matcher(html);
            while (m.find()) {
                sections.put(m.group(1), m.group(2));
            }
            return sections;
        }

        String html() throws IOException {
            Path out = dir.resolve("dictionary");
            if (!Files.exists(out.resolve("index.html"))) {
                assertThat(ClienteleCli.execute("docs", "--out", out.toString(), "--warehouse", warehouse.toString()))
                        .isZero();
            }
            return Files.readString(out.resolve("index.html"));
        }

        @Test
        void everyPublishedTableAndColumnAppearsWithItsTypeCommentAndRowCount() throws IOException {
            java.util.Map<String, String> sections = sections(html());
            List<List<String>> relations = published.rows("""
                    SELECT table_name, comment FROM duckdb_tables() WHERE NOT internal AND database_name = 'clientele'
                    UNION ALL
                    SELECT view_name, comment FROM duckdb_views() WHERE NOT internal AND database_name = 'clientele'""");
            assertThat(relations).hasSizeGreaterThanOrEqualTo(30);
            io.clientele.warehouse.catalog.Catalog catalog = io.clientele.warehouse.catalog.Catalog.load();
            for (List<String> relation : relations) {
                String table = relation.get(0);
                String section = sections.get(table);
                assertThat(section).as(table + " has a section").isNotNull();
                var manifest = catalog.find(table);
                if (manifest.isPresent()) {
                    // the file's comment is the manifest's description and grain, both shown
                    assertThat(relation.get(1))
                            .as(table)
                            .isEqualTo(manifest.get().comment());
                    assertThat(section)
                            .contains(html(manifest.get().description()))
                            .contains(html(manifest.get().grain()));
                } else {
                    assertThat(section).contains(html(relation.get(1)));
                }
                long rows = Long.parseLong(published
                        .rows("SELECT count(*) FROM \"" + table + "\"")
                        .get(0)
                        .get(0));
                assertThat(section)
                        .as(table + " rows")
                        .contains(String.format(java.util.Locale.ROOT, "<span class=\"rows\">%,d</span>", rows));
            }
            List<List<String>> columns = published.rows("""
                    SELECT table_name, column_name, data_type, comment FROM duckdb_columns()
                    WHERE NOT internal AND database_name = 'clientele'""");
            assertThat(columns).hasSizeGreaterThan(300);
            for (List<String> c : columns) {
                Matcher row = Pattern.compile("<tr data-column=\"" + Pattern.quote(html(c.get(1))) + "\">(.*?)</tr>")
                        .matcher(sections.get(c.get(0)));
                assertThat(row.find()).as(c.get(0) + "." + c.get(1)).isTrue();
                assertThat(row.group(1))
                        .as(c.get(0) + "." + c.get(1))
                        .contains("<code>" + html(c.get(2)) + "</code>")
                        .contains(html(c.get(3)));
            }
        }

        @Test
        void theLineageIsTheManifestsDependsOnBothWays() throws IOException {
            java.util.Map<String, String> sections = sections(html());
            var catalog = io.clientele.warehouse.catalog.Catalog.load();
            for (var table : catalog.tables()) {
                String section = sections.get(table.name());
                assertThat(section).as(table.name()).isNotNull();
                assertThat(listed(section, "upstream"))
                        .as(table.name() + " upstream")
                        .isEqualTo(table.dependsOn());
                List<String> downstream = catalog.tables().stream()
                        .filter(t -> t.dependsOn().contains(table.name()))
                        .map(t -> t.name())
                        .sorted()
                        .toList();
                assertThat(listed(section, "downstream"))
                        .as(table.name() + " downstream")
                        .isEqualTo(downstream);
            }
            // source to mart: the churn mart derives from the staged orders, through the customer months
            assertThat(listed(sections.get("mart_churn_monthly"), "sources")).contains("stg_orders", "stg_customers");
            assertThat(listed(sections.get("fact_customer_month"), "downstream"))
                    .contains("mart_churn_monthly");
        }

        @Test
        void theCitedDefinitionsAreQuotedFromTheContract() throws IOException {
            String html = html();
            String contract = Files.readString(Path.of("../docs/contract.md"));
            // §4.5, which mart_churn_monthly's manifest cites: its first paragraph, and a link to it
            String body = contract.substring(contract.indexOf("### 4.5 "));
            body = body.substring(body.indexOf('\n') + 1, body.indexOf("\n### "))
                    .strip();
            String firstParagraph = body.split("\n\n")[0];
            Matcher definition = Pattern.compile(
                            "<article class=\"definition\" id=\"def-4-5\">(.*?)</article>", Pattern.DOTALL)
                    .matcher(html);
            assertThat(definition.find()).isTrue();
            assertThat(definition.group(1)).contains(html(firstParagraph));
            assertThat(sections(html).get("mart_churn_monthly")).contains("<a href=\"#def-4-5\">§4.5");
            // self-contained: no script, nothing loaded, links only within the page
            assertThat(html).doesNotContain("<script");
            assertThat(Pattern.compile("\\b(src|href)=\"(?!#)").matcher(html).find())
                    .isFalse();
        }

        private List<String> listed(String section, String kind) {
            Matcher list =
                    Pattern.compile("<ul class=\"" + kind + "\">(.*?)</ul>").matcher(section);
            assertThat(list.find()).as(kind).isTrue();
            return Pattern.compile("data-name=\"([^\"]+)\"")
                    .matcher(list.group(1))
                    .results()
                    .map(r -> r.group(1))
                    .toList();
        }

        private String html(String text) {
            return text.replace("&", "&amp;")
                    .replace("<", "&lt;")
                    .replace(">", "&gt;")
                    .replace("\"", "&quot;")
                    .replace("'", "&#39;");
        }
    }
}
