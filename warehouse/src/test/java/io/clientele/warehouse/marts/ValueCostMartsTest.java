package io.clientele.warehouse.marts;

import static io.clientele.warehouse.marts.ExpectedRows.assertRows;
import static io.clientele.warehouse.marts.ExpectedRows.row;
import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.warehouse.engine.DuckDbEngine;
import io.clientele.warehouse.engine.DuckDbSettings;
import io.clientele.warehouse.engine.Engine;
import io.clientele.warehouse.engine.ResultTable;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Value against cost (docs/contract.md §4.16) on DuckDB, as {@link MetricMartsTest} does it: the
 * cohort value columns of mart_acquisition_monthly, net revenue, cost, margin and unprofitability
 * in mart_customer_value, prospects, former customers and 12-month satisfaction per owner in
 * mart_book_of_business, from small star-schema fixtures written as Parquet. Every expected number
 * is worked out by hand in the test; D = 2025-03-15, mid-month.
 */
class ValueCostMartsTest {

    private static final LocalDate D = LocalDate.of(2025, 3, 15);

    @TempDir
    Path dir;

    private Engine engine;

    @BeforeEach
    void start() {
        engine = new DuckDbEngine(new DuckDbSettings("512MB", 2, dir.resolve("duckdb-tmp")));
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    // ---------------------------------------------------------------- mart_acquisition_monthly

    /**
     * <pre>
     * Purchases (is_purchase) and the cohorts (month of the first purchase × channel as of D):
     *   A web      2024-01-10 100, 2024-02-05 50, 2024-12-20 30 (k 11), 2025-01-03 40 (k 12: outside 12 months);
     *              a non-purchase 2023-12-01 200 does not make December A's cohort
     *   B web      2024-01-31 60, 2024-03-01 20 (k 2)
     *   G web      2024-03-05 25
     *   C partner  2024-04-10 80, 2025-03-15 20 (D itself, k 11)
     *   F partner  2024-04-20 30 (an older dim_customer version said web: the current one counts)
     *   E unknown  2024-04-02 10 (no channel)
     * Spend: 2024-01 web 210, 2024-02 email 90, 2024-03 web 0, 2024-04 partner 500, 2025-04 web 100 (after D's month).
     * Predictions (predicted_clv_12m): A 120.25, B 35.5, C 60, E 5; F and G none.
     * </pre>
     */
    @Test
    void acquisitionCohortValue() throws Exception {
        lakeTable(
                "fact_order",
                "SELECT customer_id, CAST(order_date AS DATE) AS order_date,"
                        + " CAST(net_revenue AS DECIMAL(18,4)) AS net_revenue, is_purchase FROM (VALUES"
                        + " ('A', '2023-12-01', 200, false), ('A', '2024-01-10', 100, true), ('A', '2024-02-05', 50, true),"
                        + " ('A', '2024-12-20', 30, true), ('A', '2025-01-03', 40, true),"
                        + " ('B', '2024-01-31', 60, true), ('B', '2024-03-01', 20, true),"
                        + " ('G', '2024-03-05', 25, true),"
                        + " ('C', '2024-04-10', 80, true), ('C', '2025-03-15', 20, true),"
                        + " ('F', '2024-04-20', 30, true), ('E', '2024-04-02', 10, true)"
                        + ") t(customer_id, order_date, net_revenue, is_purchase)");
        lakeTable(
                "dim_customer",
                "SELECT * FROM (VALUES ('A', 'web', true), ('B', 'web', true), ('G', 'web', true),"
                        + " ('C', 'partner', true), ('F', 'partner', true), ('F', 'web', false),"
                        + " ('E', CAST(NULL AS VARCHAR), true)) t(customer_id, acquisition_channel, is_current)");
        lakeTable(
                "fact_marketing_spend",
                "SELECT CAST(month AS DATE) AS month, channel, CAST(amount AS DECIMAL(18,2)) AS amount FROM (VALUES"
                        + " ('2024-01-01', 'web', 210), ('2024-02-01', 'email', 90), ('2024-03-01', 'web', 0),"
                        + " ('2024-04-01', 'partner', 500), ('2025-04-01', 'web', 100)) t(month, channel, amount)");
        predictions("('A', 120.25), ('B', 35.5), ('C', 60.0), ('E', 5.0)");

        ResultTable t = build("mart_acquisition_monthly", "month, acquisition_channel");

        // 2024-01 web: A, B → 2 new, cac 210 / 2 = 105.
        //   Revenue by cohort month k: k0 Jan 100 + 60 = 160; k1 Feb 50; k2 Mar 20; k11 Dec 30; k12 Jan 2025 40.
        //   revenue_12m = 160 + 50 + 20 + 30 = 260 (k12 is outside); months Jan..Dec 2024 ended → complete.
        //   revenue_to_date = 260 + 40 = 300. predicted = 120.25 + 35.5 = 155.75.
        //   revenue_12m_to_cac = 260 / 210; clv_to_cac = (300 + 155.75) / 210 = 455.75 / 210.
        //   Payback: first k months: 1 → 160 < 210; 2 → 160 + 50 = 210 ≥ 210 (reached exactly) → 2.
        // 2024-02 email: spend, nobody new → 0 new, cac null, revenue 0, no ratio, no payback; Feb 2024 + 11
        //   = Jan 2025, ended → complete.
        // 2024-03 web: G → 1 new, spend 0 → cac 0.0; revenue 25; nothing to pay back → ratios and payback null;
        //   Mar 2024 + 11 = Feb 2025, ended 2025-02-28 ≤ D → complete; G has no prediction → null.
        // 2024-04 partner: C, F → 2 new, cac 250. Revenue k0 80 + 30 = 110, k11 (Mar 2025, up to D) 20 → 130;
        //   Apr 2024 + 11 = Mar 2025, not ended by D → incomplete. predicted = 60 (F has none).
        //   revenue_12m_to_cac = 130 / 500 = 0.26; clv_to_cac = (130 + 60) / 500 = 0.38; 130 < 500 → no payback.
        // 2024-04 unknown: E → 1 new, no spend recorded → marketing_spend and cac null, revenue 10,
        //   predicted 5, ratios and payback null, incomplete.
        // 2025-04 web: after D's month, no row.
        assertRows(
                t,
                List.of(
                        "month",
                        "acquisition_channel",
                        "new_customers",
                        "marketing_spend",
                        "cac",
                        "revenue_12m",
                        "is_revenue_window_complete",
                        "revenue_to_date",
                        "predicted_clv_12m",
                        "revenue_12m_to_cac",
                        "clv_to_cac",
                        "payback_months"),
                List.of(
                        row(
                                "2024-01-01",
                                "web",
                                2,
                                "210.00",
                                105.0,
                                "260.00",
                                true,
                                "300.00",
                                "155.75",
                                260.0 / 210,
                                455.75 / 210,
                                2),
                        row("2024-02-01", "email", 0, "90.00", null, "0.00", true, "0.00", null, null, null, null),
                        row("2024-03-01", "web", 1, "0.00", 0.0, "25.00", true, "25.00", null, null, null, null),
                        row(
                                "2024-04-01",
                                "partner",
                                2,
                                "500.00",
                                250.0,
                                "130.00",
                                false,
                                "130.00",
                                "60.00",
                                0.26,
                                0.38,
                                null),
                        row(
                                "2024-04-01",
                                "unknown",
                                1,
                                null,
                                null,
                                "10.00",
                                false,
                                "10.00",
                                "5.00",
                                null,
                                null,
                                null)));
        assertThat(t.column("payback_months").get(0)).isInstanceOf(Integer.class);
        assertThat(t.column("as_of_date")).containsOnly(D);
    }

    /**
     * Payback after a gap, beyond the 12 months: cohort 2023-01 web (H) pays its 100 back in calendar
     * month k = 13 (the 14th month): Jan 2023 40, nothing until Feb 2024 (k 13) 70 → 40 < 100 for
     * k ≤ 13 months, 110 ≥ 100 with the 14th. revenue_12m = 40; revenue_to_date 110.
     * Without predictions (the models not fitted) predicted_clv_12m and clv_to_cac are null.
     */
    @Test
    void paybackCanComeAfterAGapAndBeyondTwelveMonths() throws Exception {
        lakeTable(
                "fact_order",
                "SELECT customer_id, CAST(order_date AS DATE) AS order_date,"
                        + " CAST(net_revenue AS DECIMAL(18,4)) AS net_revenue, is_purchase FROM (VALUES"
                        + " ('H', '2023-01-15', 40, true), ('H', '2024-02-01', 70, true)"
                        + ") t(customer_id, order_date, net_revenue, is_purchase)");
        lakeTable("dim_customer", "SELECT 'H' AS customer_id, 'web' AS acquisition_channel, true AS is_current");
        lakeTable(
                "fact_marketing_spend",
                "SELECT DATE '2023-01-01' AS month, 'web' AS channel, CAST(100 AS DECIMAL(18,2)) AS amount");
        predictions(null);

        assertRows(
                build("mart_acquisition_monthly", "month"),
                List.of(
                        "month",
                        "new_customers",
                        "revenue_12m",
                        "is_revenue_window_complete",
                        "revenue_to_date",
                        "predicted_clv_12m",
                        "revenue_12m_to_cac",
                        "clv_to_cac",
                        "payback_months"),
                List.of(row("2023-01-01", 1, "40.00", true, "110.00", null, 0.4, null, 14)));
    }

    // ---------------------------------------------------------------- mart_customer_value

    /**
     * <pre>
     * Products (unit_cost): P1 20, P2 12, P3 none, P4 45. Orders (line revenue = quantity × unit price − discount):
     *   O1 A completed  P1 2 × 50 − 10 = 90, P2 1 × 30, P2 −1 × 30 (a return line)   net 90: a purchase
     *   O2 B completed  P1 1 × 50                                                 net 50: a purchase
     *   O3 B completed  P1 −1 × 50 (a return booked as an order of its own)       net −50: no purchase
     *   O4 B cancelled  P1 3 × 50                                                 ignored
     *   O5 B returned   P2 1 × 30                                                 ignored
     *   O6 C completed  P3 1 × 40, P1 1 × 50                                     net 90 (P3 has no cost)
     *   O7 E completed  no product 1 × 25                                         net 25
     *   O8 L completed  P4 1 × 40 − 5 = 35                                        net 35, costs 45
     *   O9 Z completed  P1 1 × 50 − 50 = 0                                        net 0: no purchase, a free unit
     * Complaints (compensation_amount, closed by D?): A 15 closed, A 100 open (not paid by D),
     *   B 5 closed (rejected), C 120 closed, Q 8 closed (Q never bought), E one closed without amount.
     * P and Q are prospects.
     * </pre>
     */
    @Test
    void customerNetRevenueCostAndMargin() throws Exception {
        customerValueOrders(
                "(VALUES"
                        + " ('O1', 1, 'A', 'completed', 'P1', 2, 50, 10), ('O1', 2, 'A', 'completed', 'P2', 1, 30, 0),"
                        + " ('O1', 3, 'A', 'completed', 'P2', -1, 30, 0),"
                        + " ('O2', 1, 'B', 'completed', 'P1', 1, 50, 0), ('O3', 1, 'B', 'completed', 'P1', -1, 50, 0),"
                        + " ('O4', 1, 'B', 'cancelled', 'P1', 3, 50, 0), ('O5', 1, 'B', 'returned', 'P2', 1, 30, 0),"
                        + " ('O6', 1, 'C', 'completed', 'P3', 1, 40, 0), ('O6', 2, 'C', 'completed', 'P1', 1, 50, 0),"
                        + " ('O7', 1, 'E', 'completed', NULL, 1, 25, 0),"
                        + " ('O8', 1, 'L', 'completed', 'P4', 1, 40, 5),"
                        + " ('O9', 1, 'Z', 'completed', 'P1', 1, 50, 50)"
                        + ") l(order_id, line_no, customer_id, status, product_id, quantity, unit_price, discount)",
                "(VALUES (CAST(1 AS BIGINT), 'P1', 20.0), (2, 'P2', 12.0), (3, 'P3', NULL), (4, 'P4', 45.0))"
                        + " p(product_key, product_id, unit_cost)");
        customerValueInputs(
                "('A'), ('B'), ('C'), ('E'), ('L'), ('P'), ('Q'), ('Z')",
                "('A', 15, true), ('A', 100, false), ('B', 5, true), ('C', 120, true), ('Q', 8, true),"
                        + " ('E', NULL, true)");

        ResultTable t = build("mart_customer_value", "customer_id");

        // revenue = purchases' net revenue (§4.3); net_revenue = Σ completed orders' net revenue − compensation paid;
        // cost = Σ quantity × unit_cost over the completed orders' lines; margin = net_revenue − cost.
        //   A revenue 90 (the return line and the discount already netted); paid 15 (the open 100 is not paid);
        //     net 90 − 15 = 75; cost 2 × 20 + 1 × 12 − 1 × 12 = 40; margin 35 → profitable.
        //   B revenue 50; completed orders 50 − 50 = 0 (the cancelled and returned orders count nowhere); paid 5;
        //     net −5; cost 20 − 20 = 0; margin −5 → unprofitable.
        //   C revenue 90; paid 120; net −30; P3 has no unit cost → cost and margin null; net < 0 → unprofitable.
        //   E revenue 25; a closed complaint without amount pays 0; net 25; a line without product → cost null;
        //     net 25 ≥ 0 → profitable.
        //   L revenue 35, net 35; cost 45; margin −10 → unprofitable although its net revenue is positive.
        //   P no order, no complaint: 0, 0, cost 0 (no line), margin 0 → profitable.
        //   Q no order, paid 8: net −8, cost 0, margin −8 → unprofitable.
        //   Z a completed order netting to 0 (no purchase): revenue 0, net 0; cost 20; margin −20 → unprofitable.
        assertRows(
                t,
                List.of(
                        "customer_id",
                        "orders",
                        "revenue",
                        "compensation_paid",
                        "net_revenue",
                        "cost_of_goods",
                        "margin",
                        "is_unprofitable"),
                List.of(
                        row("A", 1, "90.00", "15.00", "75.00", "40.00", "35.00", false),
                        row("B", 1, "50.00", "5.00", "-5.00", "0.00", "-5.00", true),
                        row("C", 1, "90.00", "120.00", "-30.00", null, null, true),
                        row("E", 1, "25.00", "0.00", "25.00", null, null, false),
                        row("L", 1, "35.00", "0.00", "35.00", "45.00", "-10.00", true),
                        row("P", 0, "0.00", "0.00", "0.00", "0.00", "0.00", false),
                        row("Q", 0, "0.00", "8.00", "-8.00", "0.00", "-8.00", true),
                        row("Z", 0, "0.00", "0.00", "0.00", "20.00", "-20.00", true)));
        // the new columns come after the older ones, so that no existing column moves
        List<String> columns = t.columns();
        assertThat(columns.subList(columns.indexOf("top_category"), columns.indexOf("is_unprofitable") + 1))
                .containsExactly(
                        "top_category",
                        "compensation_paid",
                        "net_revenue",
                        "cost_of_goods",
                        "margin",
                        "is_unprofitable");
    }

    /**
     * No unit costs in the catalogue (an extract without the column), no complaints: every buyer's
     * cost and margin are null (a cost cannot be summed from unknown parts), net revenue is revenue,
     * and unprofitability falls back to net revenue: nobody is unprofitable. A prospect has no line:
     * cost 0, margin 0.
     */
    @Test
    void withoutUnitCostsMarginIsNullAndNetRevenueDecides() throws Exception {
        customerValueOrders(
                "(VALUES ('O1', 1, 'A', 'completed', 'P1', 2, 50, 10), ('O2', 1, 'B', 'completed', 'P2', 1, 30, 0))"
                        + " l(order_id, line_no, customer_id, status, product_id, quantity, unit_price, discount)",
                "(VALUES (CAST(1 AS BIGINT), 'P1', CAST(NULL AS DECIMAL(18,4))), (2, 'P2', NULL))"
                        + " p(product_key, product_id, unit_cost)");
        customerValueInputs("('A'), ('B'), ('P')", null);
        assertRows(
                build("mart_customer_value", "customer_id"),
                List.of(
                        "customer_id",
                        "revenue",
                        "compensation_paid",
                        "net_revenue",
                        "cost_of_goods",
                        "margin",
                        "is_unprofitable"),
                List.of(
                        row("A", "90.00", "0.00", "90.00", null, null, false),
                        row("B", "30.00", "0.00", "30.00", null, null, false),
                        row("P", "0.00", "0.00", "0.00", "0.00", "0.00", false)));
    }

    // ---------------------------------------------------------------- mart_book_of_business

    /**
     * <pre>
     * Owners as of D (the current dim_customer row) and each customer's row of D's month in fact_customer_month:
     *   ann  A1 active, bought           → active
     *        A2 no row (never active)    → prospect
     *        A3 not active, bought       → former (churned); an older version was bob's
     *        A4 not active, never bought (a contract that ended) → prospect
     *        A5 active by a contract, never bought              → active, not a prospect
     *   bob  B1 not active, bought → former;  B2 active, bought → active
     *   (null owner → unknown)  U1 no row → prospect
     * Surveys; the window is the 12 calendar months up to D: 2024-04-01 … 2025-03-15.
     *   ann  A1 CSAT 5 on 2024-04-01 (the window's first day), A1 CSAT 2 on 2024-03-31 (before it),
     *        A3 CSAT 4 on D; NPS: A2 10, A2 9, A1 6, A5 8 inside, A4 9 on 2025-03-16 (after D)
     *   bob  B1 CSAT 1, B2 CSAT 3, B2 CSAT 4; no NPS
     *   unknown: none
     * </pre>
     */
    @Test
    void bookProspectsFormerCustomersAndSatisfaction() throws Exception {
        lakeTable(
                "dim_customer",
                "SELECT * FROM (VALUES ('A1', 'ann', true), ('A2', 'ann', true), ('A3', 'ann', true),"
                        + " ('A3', 'bob', false), ('A4', 'ann', true), ('A5', 'ann', true), ('B1', 'bob', true),"
                        + " ('B2', 'bob', true), ('U1', CAST(NULL AS VARCHAR), true)) t(customer_id, account_owner,"
                        + " is_current)");
        lakeTable(
                "fact_customer_month",
                "SELECT customer_id, DATE '2025-03-01' AS month_start, is_active,"
                        + " CAST(0 AS DECIMAL(18,4)) AS revenue, CAST(first_purchase_date AS DATE) AS first_purchase_date"
                        + " FROM (VALUES ('A1', true, '2024-05-01'), ('A3', false, '2023-01-01'),"
                        + " ('A4', false, NULL), ('A5', true, NULL), ('B1', false, '2022-02-02'),"
                        + " ('B2', true, '2024-12-12')) t(customer_id, is_active, first_purchase_date)");
        lakeTable("fact_complaint", "SELECT 'x' AS customer_id, DATE '2025-01-01' AS received_date WHERE false");
        predictions(null);
        surveys("('A1', '2024-04-01', 'CSAT', 5), ('A1', '2024-03-31', 'CSAT', 2), ('A3', '2025-03-15', 'CSAT', 4),"
                + " ('A2', '2024-10-10', 'NPS', 10), ('A2', '2024-05-05', 'NPS', 9), ('A1', '2025-01-01', 'NPS', 6),"
                + " ('A5', '2024-12-12', 'NPS', 8), ('A4', '2025-03-16', 'NPS', 9),"
                + " ('B1', '2024-06-06', 'CSAT', 1), ('B2', '2024-07-07', 'CSAT', 3), ('B2', '2024-08-08', 'CSAT', 4)");

        ResultTable t = build("mart_book_of_business", "account_owner");

        // ann: 5 customers, active A1 A5 = 2, prospects A2 A4 = 2, former A3 = 1 (2 + 2 + 1 = 5).
        //   CSAT in the window: 5, 4 → 2 answers, avg 4.5, satisfied (4–5) 2 / 2 = 100%.
        //   NPS: 10, 9 promoters, 6 detractor, 8 passive → 4 answers, 100 × (2 − 1) / 4 = 25.
        // bob: 2 customers, active B2, former B1, no prospect. CSAT 1, 3, 4 → 3, avg 8 / 3, satisfied 1 / 3
        //   → 100 / 3 %; no NPS → 0 answers, nps null.
        // unknown: U1 prospect; no answers → 0 and nulls.
        assertRows(
                t,
                List.of(
                        "account_owner",
                        "customers",
                        "active_customers",
                        "prospects",
                        "former_customers",
                        "csat_responses_12m",
                        "csat_avg_12m",
                        "csat_satisfied_pct_12m",
                        "nps_responses_12m",
                        "nps_12m"),
                List.of(
                        row("ann", 5, 2, 2, 1, 2, 4.5, 100.0, 4, 25.0),
                        row("bob", 2, 1, 0, 1, 3, 8.0 / 3, 100.0 / 3, 0, null),
                        row("unknown", 1, 0, 1, 0, 0, null, null, 0, null)));
        List<String> columns = t.columns();
        assertThat(columns.subList(columns.size() - 8, columns.size()))
                .containsExactly(
                        "book_value_basis",
                        "prospects",
                        "former_customers",
                        "csat_responses_12m",
                        "csat_avg_12m",
                        "csat_satisfied_pct_12m",
                        "nps_responses_12m",
                        "nps_12m");
    }

    // ---------------------------------------------------------------- degenerate data

    /**
     * No purchases, no spend, no surveys, no complaints, no predictions, no unit costs, a single
     * (partial) month: the marts build, the acquisition mart has no rows, the customers are prospects
     * with zeros, the owner's satisfaction is null; no NaN anywhere.
     */
    @Test
    void nothingToMeasureGivesZerosAndNullsNotNaN() throws Exception {
        customerValueOrders(
                "(SELECT * FROM (VALUES ('O1', 1, 'A', 'completed', 'P1', 1, 1, 0)) l(order_id, line_no, customer_id,"
                        + " status, product_id, quantity, unit_price, discount) WHERE false) l",
                "(VALUES (CAST(1 AS BIGINT), 'P1', CAST(NULL AS DECIMAL(18,4)))) p(product_key, product_id, unit_cost)");
        customerValueInputs("('A'), ('P')", null);
        lakeTable(
                "dim_customer",
                "SELECT customer_id, 'web' AS acquisition_channel, 'ann' AS account_owner,"
                        + " TIMESTAMP '2025-03-01 00:00:00' AS created_at, true AS is_current"
                        + " FROM (VALUES ('A'), ('P')) c(customer_id)");
        lakeTable(
                "fact_marketing_spend",
                "SELECT DATE '2025-03-01' AS month, 'web' AS channel, CAST(1 AS DECIMAL(18,2)) AS amount WHERE false");
        surveys(null);

        assertThat(build("mart_acquisition_monthly", "month").rows()).isEmpty();
        assertRows(
                build("mart_customer_value", "customer_id"),
                List.of("customer_id", "net_revenue", "cost_of_goods", "margin", "is_unprofitable"),
                List.of(row("A", "0.00", "0.00", "0.00", false), row("P", "0.00", "0.00", "0.00", false)));
        assertRows(
                build("mart_book_of_business", "account_owner"),
                List.of(
                        "account_owner",
                        "customers",
                        "prospects",
                        "former_customers",
                        "csat_responses_12m",
                        "csat_avg_12m",
                        "csat_satisfied_pct_12m",
                        "nps_responses_12m",
                        "nps_12m"),
                List.of(row("ann", 2, 2, 0, 0, null, null, 0, null)));
        for (String mart : List.of("mart_customer_value", "mart_book_of_business")) {
            for (List<Object> r : engine.query("SELECT * FROM " + mart).rows()) {
                assertThat(r).as(mart).noneMatch(v -> v instanceof Double d && d.isNaN());
            }
        }

        // spend in the month but nobody new: the row is there, with nulls for every ratio
        lakeTable(
                "fact_marketing_spend",
                "SELECT DATE '2025-03-01' AS month, 'web' AS channel, CAST(40 AS DECIMAL(18,2)) AS amount");
        assertRows(
                build("mart_acquisition_monthly", "month"),
                List.of(
                        "month",
                        "new_customers",
                        "cac",
                        "revenue_12m",
                        "is_revenue_window_complete",
                        "predicted_clv_12m",
                        "revenue_12m_to_cac",
                        "clv_to_cac",
                        "payback_months"),
                List.of(row("2025-03-01", 0, null, "0.00", false, null, null, null, null)));
    }

    // ---------------------------------------------------------------- fixtures

    /** fact_order_line, fact_order and dim_product from order lines and products as above. */
    private void customerValueOrders(String lines, String products) throws Exception {
        lakeTable(
                "dim_product",
                "SELECT product_key, product_id, CAST(NULL AS VARCHAR) AS category,"
                        + " CAST(unit_cost AS DECIMAL(18,4)) AS unit_cost FROM " + products);
        lakeTable(
                "fact_order_line",
                "SELECT l.order_id, CAST(l.line_no AS INT) AS line_no, l.customer_id, CAST(l.product_id AS VARCHAR)"
                        + " AS product_id, p.product_key, DATE '2025-02-01' AS order_date, l.status,"
                        + " CAST(l.quantity AS INT) AS quantity, CAST(l.unit_price AS DECIMAL(18,4)) AS unit_price,"
                        + " CAST(l.discount AS DECIMAL(18,4)) AS discount_amount,"
                        + " CAST(l.quantity * l.unit_price - l.discount AS DECIMAL(18,4)) AS line_revenue,"
                        + " l.quantity < 0 AS is_return"
                        + " FROM " + lines + " LEFT JOIN " + products + " ON p.product_id = l.product_id");
        // fact_order as its SQL computes it: net revenue = Σ line revenue; a purchase = completed and net > 0
        lakeTable(
                "fact_order",
                "SELECT order_id, customer_id, DATE '2025-02-01' AS order_date, status,"
                        + " CAST(SUM(quantity * unit_price - discount) AS DECIMAL(18,4)) AS net_revenue,"
                        + " status = 'completed' AND SUM(quantity * unit_price - discount) > 0 AS is_purchase"
                        + " FROM " + lines + " GROUP BY order_id, customer_id, status");
    }

    /** The other tables mart_customer_value reads: customers, complaints (customer, compensation, closed); no activity, no models. */
    private void customerValueInputs(String customerIds, String complaints) throws Exception {
        lakeTable(
                "dim_customer",
                "SELECT customer_id, TIMESTAMP '2023-01-01 00:00:00' AS created_at, true AS is_current FROM (VALUES "
                        + customerIds + ") c(customer_id)");
        lakeTable(
                "fact_customer_month",
                "SELECT 'x' AS customer_id, DATE '2025-01-01' AS month_start, false AS is_active, false AS is_complete,"
                        + " CAST(0 AS DECIMAL(18,4)) AS revenue, CAST(NULL AS DATE) AS first_purchase_date WHERE false");
        lakeTable(
                "fact_complaint",
                complaints == null
                        ? "SELECT 'x' AS customer_id, DATE '2025-01-01' AS received_date, false AS justified,"
                                + " false AS is_closed, CAST(0 AS DECIMAL(18,2)) AS compensation_amount WHERE false"
                        : "SELECT customer_id, DATE '2024-01-01' AS received_date, CAST(NULL AS BOOLEAN) AS justified,"
                                + " is_closed, CAST(compensation_amount AS DECIMAL(18,2)) AS compensation_amount"
                                + " FROM (VALUES " + complaints + ") c(customer_id, compensation_amount, is_closed)");
        lakeTable(
                "fact_survey_response",
                "SELECT 'x' AS customer_id, DATE '2025-01-01' AS response_date, 'CSAT' AS kind, 1 AS score WHERE false");
        predictions(null);
        lakeTable("churn_scores", "SELECT 'x' AS customer_id, 0.0::DOUBLE AS churn_probability WHERE false");
        lakeTable("fact_interaction", "SELECT 'x' AS customer_id, DATE '2024-01-01' AS occurred_date WHERE false");
    }

    /** customer_predictions from (customer_id, predicted_clv_12m) values; none when null. */
    private void predictions(String values) throws Exception {
        lakeTable(
                "customer_predictions",
                "SELECT customer_id, 0.0::DOUBLE AS predicted_purchases_12m, 0.0::DOUBLE AS p_alive,"
                        + " 0.0::DOUBLE AS expected_order_value, CAST(clv AS DOUBLE) AS predicted_clv_12m FROM "
                        + (values == null ? "(SELECT 'x', 0.0 WHERE false)" : "(VALUES " + values + ")")
                        + " p(customer_id, clv)");
    }

    /** fact_survey_response from (customer_id, response_date, kind, score) values; none when null. */
    private void surveys(String values) throws Exception {
        lakeTable(
                "fact_survey_response",
                "SELECT customer_id, CAST(response_date AS DATE) AS response_date, kind, CAST(score AS INT) AS score FROM "
                        + (values == null
                                ? "(SELECT 'x', '2025-01-01', 'CSAT', 1 WHERE false)"
                                : "(VALUES " + values + ")")
                        + " s(customer_id, response_date, kind, score)");
    }

    /** The parameters a night passes to the marts (as RunSettings.sqlParameters spells them). */
    private static Map<String, String> nightParameters() {
        return MartFixture.nightParameters(D);
    }

    /** Writes {@code select} to lake/{@code table}/part-0.parquet with a plain DuckDB and registers it. */
    private void lakeTable(String table, String select) throws Exception {
        MartFixture.lakeTable(engine, dir, table, select);
    }

    private ResultTable build(String mart, String orderBy) {
        return MartFixture.build(engine, dir, nightParameters(), mart, orderBy);
    }
}
