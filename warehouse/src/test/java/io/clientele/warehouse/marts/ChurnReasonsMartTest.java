package io.clientele.warehouse.marts;

import static io.clientele.warehouse.marts.ExpectedRows.assertRows;
import static io.clientele.warehouse.marts.ExpectedRows.row;
import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.warehouse.engine.DuckDbEngine;
import io.clientele.warehouse.engine.DuckDbSettings;
import io.clientele.warehouse.engine.Engine;
import io.clientele.warehouse.engine.ParquetDirectory;
import io.clientele.warehouse.engine.ParquetTarget;
import io.clientele.warehouse.engine.ResultTable;
import io.clientele.warehouse.engine.SqlTemplate;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mart_churn_reasons and the predict tables it reads (lapsed_customer_histories,
 * lapsed_customer_predictions) on DuckDB, over small hand-made star-schema fixtures (only the
 * columns the SQL reads). Every expected figure is worked out by hand in the comments from the
 * fixture and docs/contract.md §4.14, never by the SQL under test.
 */
class ChurnReasonsMartTest {

    /** D: mid-March, so December, January and February are the complete months and March is not. */
    private static final LocalDate D = LocalDate.of(2024, 3, 15);

    private static final List<String> COLUMNS = List.of(
            "month",
            "reason_source",
            "reason",
            "reason_recorded",
            "lost_customers",
            "lost_revenue_12m",
            "predicted_clv_at_month_start",
            "share_of_lost");

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

    /** The parameters a night passes (RunSettings.sqlParameters), with the churn-reason window given. */
    private static Map<String, String> parameters(int churnReasonDays) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("as_of_date", "DATE '" + D + "'");
        p.put("as_of_end", "TIMESTAMP '" + D + " 23:59:59.999999'");
        p.put("inactivity_days", "180");
        p.put("complaint_deadline_days", "30");
        p.put("churn_reason_days", Integer.toString(churnReasonDays));
        p.put("run_id", "'" + D + "'");
        p.put("pii_salt", "'test-salt'");
        return p;
    }

    private void lakeTable(String table, String select) throws Exception {
        MartFixture.lakeTable(engine, dir, table, select);
    }

    private ResultTable mart(int churnReasonDays) {
        String target = "marts/mart_churn_reasons_" + churnReasonDays;
        long rows = new MetricMarts()
                .build(
                        engine,
                        "mart_churn_reasons",
                        parameters(churnReasonDays),
                        ParquetTarget.at(dir.resolve(target)));
        ResultTable t =
                engine.query("SELECT * FROM mart_churn_reasons ORDER BY month, reason_source, reason, reason_recorded");
        assertThat(t.rows()).hasSize((int) rows);
        return t;
    }

    /** fact_customer_month: (customer_id, month_start, is_active, revenue); is_complete from D. */
    private void customerMonths(String values) throws Exception {
        lakeTable(
                "fact_customer_month",
                "SELECT customer_id, CAST(month_start AS DATE) AS month_start,"
                        + " last_day(CAST(month_start AS DATE)) AS month_end, is_active,"
                        + " last_day(CAST(month_start AS DATE)) <= DATE '" + D + "' AS is_complete,"
                        + " CAST(revenue AS DECIMAL(18,4)) AS revenue FROM (VALUES " + values
                        + ") t(customer_id, month_start, is_active, revenue)");
    }

    private void contracts(String values) throws Exception {
        lakeTable(
                "fact_contract",
                "SELECT contract_id, customer_id, CAST(cancelled_at AS TIMESTAMP) AS cancelled_at,"
                        + " CAST(CAST(cancelled_at AS TIMESTAMP) AS DATE) AS cancel_date,"
                        + " CAST(cancel_reason AS VARCHAR) AS cancel_reason FROM (VALUES " + values
                        + ") t(contract_id, customer_id, cancelled_at, cancel_reason)");
    }

    private void complaints(String values) throws Exception {
        lakeTable(
                "fact_complaint",
                "SELECT complaint_id, customer_id, CAST(received_at AS TIMESTAMP) AS received_at,"
                        + " CAST(CAST(received_at AS TIMESTAMP) AS DATE) AS received_date,"
                        + " CAST(root_cause AS VARCHAR) AS root_cause, CAST(category AS VARCHAR) AS category"
                        + " FROM (VALUES " + values
                        + ") t(complaint_id, customer_id, received_at, root_cause, category)");
    }

    private void interactions(String values) throws Exception {
        lakeTable(
                "fact_interaction",
                "SELECT customer_id, CAST(occurred_date AS DATE) AS occurred_date FROM (VALUES " + values
                        + ") t(customer_id, occurred_date)");
    }

    private void predictions(String values) throws Exception {
        lakeTable(
                "lapsed_customer_predictions",
                "SELECT customer_id, CAST(month AS DATE) AS month, CAST(predicted_clv_12m AS DOUBLE) AS predicted_clv_12m"
                        + " FROM (VALUES " + values + ") t(customer_id, month, predicted_clv_12m)");
    }

    /** The fixture of {@link #reasonsPerMonth}: who lapsed when, and what preceded it. */
    private void reasonsFixture() throws Exception {
        // Activity on each month's last day. Lapses (active at the end of m − 1, not at the end of m,
        // m complete): Dec: I. Jan: A, B. Feb: C, E, F, J. Not lapses: G (always active), H (lapses
        // in March, D's incomplete month), A's 2022/2023 rows (inactive, nothing active before them).
        customerMonths("('A', '2022-12-01', false, 1000), ('A', '2023-01-01', false, 10),"
                + " ('A', '2023-11-01', true, 0), ('A', '2023-12-01', true, 20), ('A', '2024-01-01', false, 5),"
                + " ('A', '2024-02-01', false, 0), ('A', '2024-03-01', false, 0),"
                + " ('B', '2023-06-01', false, 50), ('B', '2023-12-01', true, 0), ('B', '2024-01-01', false, 0),"
                + " ('C', '2024-01-01', true, 0), ('C', '2024-02-01', false, 0),"
                + " ('E', '2024-01-01', true, 40), ('E', '2024-02-01', false, 0),"
                + " ('F', '2023-01-01', false, 99), ('F', '2023-02-01', false, 7), ('F', '2024-01-01', true, 0),"
                + " ('F', '2024-02-01', false, 0),"
                + " ('G', '2023-12-01', true, 0), ('G', '2024-01-01', true, 0), ('G', '2024-02-01', true, 0),"
                + " ('G', '2024-03-01', true, 0),"
                + " ('H', '2024-02-01', true, 0), ('H', '2024-03-01', false, 0),"
                + " ('I', '2023-11-01', true, 100), ('I', '2023-12-01', false, 0),"
                + " ('J', '2024-01-01', true, 0), ('J', '2024-02-01', false, 0)");
        contracts("('A-1', 'A', '2023-12-20 10:00:00', 'price'), ('A-2', 'A', '2024-01-10 10:00:00', 'price'),"
                + " ('A-4', 'A', '2024-01-10 10:00:00', 'moved'), ('A-3', 'A', '2024-02-05 10:00:00', 'late'),"
                + " ('B-1', 'B', '2024-01-31 08:00:00', 'price'), ('B-2', 'B', '2024-01-31 22:00:00', ''),"
                + " ('E-0', 'E', NULL, NULL), ('E-1', 'E', '2023-06-01 09:00:00', 'price'),"
                + " ('G-1', 'G', '2024-01-15 00:00:00', 'price'), ('I-1', 'I', '2023-12-15 12:00:00', 'price'),"
                + " ('J-1', 'J', '2024-02-01 00:00:00', 'no cancelled contract')");
        complaints("('A-c1', 'A', '2023-11-03 08:00:00', 'billing', 'invoice'),"
                + " ('A-c2', 'A', '2023-11-02 23:00:00', 'delivery', 'shipping'),"
                + " ('A-c3', 'A', '2024-02-01 09:00:00', 'late', 'shipping'),"
                + " ('B-c1', 'B', '2023-11-02 12:00:00', 'billing', 'invoice'),"
                + " ('C-c1', 'C', '2023-12-01 12:00:00', 'x', 'y'),"
                + " ('C-c2', 'C', '2023-12-02 12:00:00', NULL, 'service'),"
                + " ('E-c1', 'E', '2024-02-10 09:00:00', 'billing', 'invoice'),"
                + " ('E-c2', 'E', '2024-02-10 09:00:00', NULL, NULL),"
                + " ('G-c1', 'G', '2024-01-20 09:00:00', 'billing', 'invoice')");
        interactions("('B', '2024-01-31'), ('F', '2023-12-01'), ('J', '2024-02-29'), ('E', '2023-11-20'),"
                + " ('G', '2024-01-05')");
        predictions("('A', '2024-01-01', 12.5), ('B', '2024-01-01', 4.0), ('C', '2024-02-01', 0.0),"
                + " ('E', '2024-02-01', 3.25), ('F', '2024-02-01', 1.5), ('I', '2023-12-01', 2.0),"
                + " ('J', '2024-02-01', 0.25)");
    }

    @Test
    void reasonsPerMonth() throws Exception {
        reasonsFixture();
        ResultTable t = mart(90);

        // Lapse days and their 90-day windows (lapse day − received day < 90):
        //   Dec: 2023-12-31, from 2023-10-03; Jan: 2024-01-31, from 2023-11-03 (31 Jan − 90 = 2 Nov,
        //   excluded); Feb: 2024-02-29, from 2023-12-02 (29 Feb − 90 = 1 Dec, excluded).
        // Revenue m−12 … m−1: I (Dec) Nov 2023 100. A (Jan) Jan 2023 10 + Dec 2023 20 = 30 (Dec 2022's
        // 1000 is m−13, Jan 2024's 5 is m). B (Jan) Jun 2023 50. E (Feb) Jan 2024 40. F (Feb) Feb 2023 7
        // (Jan 2023's 99 is m−13). C, J: 0.
        // Contracts, latest cancelled on or before the lapse day:
        //   I: I-1 'price'. A: tie on 10 Jan 10:00, A-4 (greater id) 'moved'; A-3 is after
        //   31 Jan. B: B-2 at 22:00 on the lapse day beats B-1 at 08:00; its reason '' → 'unknown'.
        //   E: E-1 'price' (E-0 never cancelled). J: J-1, recorded text 'no cancelled contract'.
        //   C, F: none → label 'no cancelled contract'.
        // Complaints, latest in the window:
        //   A: A-c1 of 3 Nov 'billing' (A-c2 of 2 Nov outside, A-c3 after the lapse). B: B-c1 of 2 Nov
        //   is outside → 'no complaint'. C: C-c2 of 2 Dec, no root cause → category 'service' (C-c1
        //   of 1 Dec outside). E: E-c1 and E-c2 tie on received_at, E-c2 (greater id) has neither
        //   → 'unknown'. F, J, I: none.
        // Contact: A, C, E complained → 'complaint'. B (31 Jan, the lapse day) and J (29 Feb) have an
        //   interaction in the window → 'contact only'. F's of 1 Dec is outside, I has none →
        //   'no complaint, no contact'.
        // CLV at the month's start from lapsed_customer_predictions: A 12.5, B 4, C 0, E 3.25, F 1.5,
        //   I 2, J 0.25. Shares: of 1 (Dec), 2 (Jan), 4 (Feb) lost customers.
        assertRows(
                t,
                COLUMNS,
                List.of(
                        row("2023-12-01", "contact", "no complaint, no contact", false, 1, "100.00", "2.00", 1.0),
                        row("2023-12-01", "contract_cancel_reason", "price", true, 1, "100.00", "2.00", 1.0),
                        row("2023-12-01", "last_complaint", "no complaint", false, 1, "100.00", "2.00", 1.0),
                        row("2024-01-01", "contact", "complaint", false, 1, "30.00", "12.50", 0.5),
                        row("2024-01-01", "contact", "contact only", false, 1, "50.00", "4.00", 0.5),
                        row("2024-01-01", "contract_cancel_reason", "moved", true, 1, "30.00", "12.50", 0.5),
                        row("2024-01-01", "contract_cancel_reason", "unknown", false, 1, "50.00", "4.00", 0.5),
                        row("2024-01-01", "last_complaint", "billing", true, 1, "30.00", "12.50", 0.5),
                        row("2024-01-01", "last_complaint", "no complaint", false, 1, "50.00", "4.00", 0.5),
                        // C, E complained: revenue 0 + 40, CLV 0 + 3.25
                        row("2024-02-01", "contact", "complaint", false, 2, "40.00", "3.25", 0.5),
                        row("2024-02-01", "contact", "contact only", false, 1, "0.00", "0.25", 0.25),
                        row("2024-02-01", "contact", "no complaint, no contact", false, 1, "7.00", "1.50", 0.25),
                        // C, F without a cancelled contract: revenue 0 + 7, CLV 0 + 1.5; J's recorded text apart
                        row(
                                "2024-02-01",
                                "contract_cancel_reason",
                                "no cancelled contract",
                                false,
                                2,
                                "7.00",
                                "1.50",
                                0.5),
                        row(
                                "2024-02-01",
                                "contract_cancel_reason",
                                "no cancelled contract",
                                true,
                                1,
                                "0.00",
                                "0.25",
                                0.25),
                        row("2024-02-01", "contract_cancel_reason", "price", true, 1, "40.00", "3.25", 0.25),
                        // F, J without a complaint: revenue 7 + 0, CLV 1.5 + 0.25
                        row("2024-02-01", "last_complaint", "no complaint", false, 2, "7.00", "1.75", 0.5),
                        row("2024-02-01", "last_complaint", "service", true, 1, "0.00", "0.00", 0.25),
                        row("2024-02-01", "last_complaint", "unknown", false, 1, "40.00", "3.25", 0.25)));
        assertThat(t.column("as_of_date")).containsOnly(D);
    }

    @Test
    void theWindowIsTheChurnReasonDaysSetting() throws Exception {
        reasonsFixture();
        // With 91 days January's window starts on 2 Nov: B's complaint of 2 Nov 12:00 (billing) now
        // counts, so B's last complaint is 'billing' and B is a 'complaint', no longer 'contact only'.
        // A's latest stays A-c1 of 3 Nov. February's window starts on 1 Dec: C's latest is still C-c2
        // (2 Dec, after C-c1 of 1 Dec); F's interaction of 1 Dec now counts → 'contact only'.
        ResultTable t = mart(91);
        assertRows(
                select(t, "month", LocalDate.of(2024, 1, 1)),
                List.of("reason_source", "reason", "lost_customers"),
                List.of(
                        row("contact", "complaint", 2),
                        row("contract_cancel_reason", "moved", 1),
                        row("contract_cancel_reason", "unknown", 1),
                        row("last_complaint", "billing", 2)));
        assertRows(
                select(select(t, "month", LocalDate.of(2024, 2, 1)), "reason_source", "contact"),
                List.of("reason", "lost_customers"),
                List.of(row("complaint", 2), row("contact only", 2)));
    }

    @Test
    void withoutContractsComplaintsContactsOrFittedModels() throws Exception {
        // One lapse (K: active in January, not in February), no contract, complaint or interaction
        // anywhere, the models not fitted (predicted_clv_12m null): three rows of labels, revenue 0,
        // CLV null, share 1.
        customerMonths("('K', '2024-01-01', true, 0), ('K', '2024-02-01', false, 0)");
        lakeTable(
                "fact_contract",
                "SELECT 'X' AS contract_id, 'X' AS customer_id, CAST(NULL AS TIMESTAMP) AS cancelled_at,"
                        + " CAST(NULL AS DATE) AS cancel_date, CAST(NULL AS VARCHAR) AS cancel_reason WHERE FALSE");
        lakeTable(
                "fact_complaint",
                "SELECT 'X' AS complaint_id, 'X' AS customer_id, CAST(NULL AS TIMESTAMP) AS received_at,"
                        + " CAST(NULL AS DATE) AS received_date, CAST(NULL AS VARCHAR) AS root_cause,"
                        + " CAST(NULL AS VARCHAR) AS category WHERE FALSE");
        lakeTable("fact_interaction", "SELECT 'X' AS customer_id, CAST(NULL AS DATE) AS occurred_date WHERE FALSE");
        predictions("('K', '2024-02-01', NULL)");
        assertRows(
                mart(90),
                COLUMNS,
                List.of(
                        row("2024-02-01", "contact", "no complaint, no contact", false, 1, "0.00", null, 1.0),
                        row(
                                "2024-02-01",
                                "contract_cancel_reason",
                                "no cancelled contract",
                                false,
                                1,
                                "0.00",
                                null,
                                1.0),
                        row("2024-02-01", "last_complaint", "no complaint", false, 1, "0.00", null, 1.0)));
    }

    @Test
    void noLostCustomerNoRows() throws Exception {
        // a single month (no month before it to lapse from), and a customer lapsing only in D's
        // incomplete month: no rows, not a failure
        customerMonths("('A', '2024-02-01', true, 10), ('A', '2024-03-01', false, 0)");
        contracts("('A-1', 'A', '2024-03-01 00:00:00', 'price')");
        complaints("('A-c1', 'A', '2024-03-01 00:00:00', 'billing', 'invoice')");
        interactions("('A', '2024-03-01')");
        lakeTable(
                "lapsed_customer_predictions",
                "SELECT 'A' AS customer_id, CAST(NULL AS DATE) AS month, CAST(NULL AS DOUBLE) AS predicted_clv_12m"
                        + " WHERE FALSE");
        assertThat(mart(90).rows()).isEmpty();
    }

    // ---------------------------------------------------------------- the predict tables

    private long predictTable(String table, Map<String, String> params) {
        String sql = SqlTemplate.load("predict/" + table + ".sql").render(engine.dialect(), params);
        return engine.materialize(
                table, sql, ParquetTarget.at(dir.resolve("predict").resolve(table)));
    }

    /** fact_customer_month and fact_order for the lapsed customers' histories. */
    private void historyFixture() throws Exception {
        // Lapses: A and K in January 2024 (history date 2023-12-31), L in February (2024-01-31).
        customerMonths("('A', '2023-12-01', true, 0), ('A', '2024-01-01', false, 0),"
                + " ('K', '2023-12-01', true, 0), ('K', '2024-01-01', false, 0),"
                + " ('L', '2024-01-01', true, 0), ('L', '2024-02-01', false, 0),"
                + " ('M', '2024-01-01', true, 0), ('M', '2024-02-01', true, 0)");
        lakeTable(
                "fact_order",
                "SELECT customer_id, CAST(order_date AS DATE) AS order_date, status, is_purchase,"
                        + " CAST(net_revenue AS DECIMAL(18,4)) AS net_revenue FROM (VALUES"
                        // A: two purchases on 10 Jun (one day worth 50), a completed order netting to 0
                        // (not a purchase), 5 Oct 40, a cancelled order, 31 Dec 10 (the history date
                        // itself), 5 Jan 100 (after it)
                        + " ('A', '2023-06-10', 'completed', true, 30), ('A', '2023-06-10', 'completed', true, 20),"
                        + " ('A', '2023-09-01', 'completed', false, 0), ('A', '2023-10-05', 'completed', true, 40),"
                        + " ('A', '2023-11-11', 'cancelled', false, 70), ('A', '2023-12-31', 'completed', true, 10),"
                        + " ('A', '2024-01-05', 'completed', true, 100),"
                        // K: a purchase only after its history date
                        + " ('K', '2024-01-10', 'completed', true, 25),"
                        // L: one purchase on 1 Dec
                        + " ('L', '2023-12-01', 'completed', true, 40),"
                        // M never lapses
                        + " ('M', '2023-12-01', 'completed', true, 40)"
                        + ") t(customer_id, order_date, status, is_purchase, net_revenue)");
    }

    @Test
    void lapsedCustomersHistoriesAsOfTheDayBeforeTheMonth() throws Exception {
        historyFixture();
        predictTable("lapsed_customer_histories", parameters(90));
        ResultTable t = engine.query("SELECT * FROM lapsed_customer_histories ORDER BY month, customer_id");
        // A (h = 2023-12-31): purchase days 10 Jun (first), 5 Oct, 31 Dec → frequency 2; recency = age =
        //   31 Dec − 10 Jun = 20 (rest of June) + 31 + 31 + 30 + 31 + 30 + 31 = 204; m̄ = (40 + 10) / 2 = 25.
        // K: no purchase by 31 Dec → null history. L (h = 2024-01-31): one purchase day, 1 Dec →
        //   frequency 0, recency 0, age 31 Jan − 1 Dec = 61, m̄ null. M is not lapsed.
        assertRows(
                t,
                List.of(
                        "customer_id",
                        "month",
                        "history_date",
                        "first_purchase_date",
                        "frequency",
                        "recency_days",
                        "age_days",
                        "monetary_value"),
                List.of(
                        row("A", "2024-01-01", "2023-12-31", "2023-06-10", 2, 204, 204, 25.0),
                        row("K", "2024-01-01", "2023-12-31", null, null, null, null, null),
                        row("L", "2024-02-01", "2024-01-31", "2023-12-01", 0, 0, 61, null)));
    }

    @Test
    void lapsedCustomersValuedWithTheFittedModels() throws Exception {
        historyFixture();
        predictTable("lapsed_customer_histories", parameters(90));
        lakeTable(
                "lapsed_bg_nbd_predictions",
                "SELECT CAST(frequency AS BIGINT) AS frequency, CAST(recency_days AS INT) AS recency_days,"
                        + " CAST(age_days AS INT) AS age_days, CAST(p_alive AS DOUBLE) AS p_alive,"
                        + " CAST(predicted_purchases_12m AS DOUBLE) AS predicted_purchases_12m,"
                        + " CAST(discounted_purchases_12m AS DOUBLE) AS discounted_purchases_12m"
                        + " FROM (VALUES (2, 204, 204, 0.8, 1.5, 1.2), (0, 0, 61, 0.5, 0.3, 0.25))"
                        + " t(frequency, recency_days, age_days, p_alive, predicted_purchases_12m, discounted_purchases_12m)");
        Map<String, String> params = parameters(90);
        params.put("gg_p", "CAST(2.0 AS DOUBLE)");
        params.put("gg_q", "CAST(3.0 AS DOUBLE)");
        params.put("gg_v", "CAST(10.0 AS DOUBLE)");
        params.put("clv_fitted", "TRUE");
        predictTable("lapsed_customer_predictions", params);
        List<String> columns = List.of("customer_id", "p_alive", "expected_order_value", "predicted_clv_12m");
        // Gamma-Gamma p 2, q 3, v 10. A: x 2, m̄ 25 → (10 + 2·25)·2 / (2·2 + 3 − 1) = 120 / 6 = 20;
        // CLV = 1.2 × 20 = 24. K: no history → 0. L: x 0 → p·v / (q − 1) = 20 / 2 = 10; CLV 0.25 × 10 = 2.5.
        assertRows(
                engine.query("SELECT * FROM lapsed_customer_predictions ORDER BY month, customer_id"),
                columns,
                List.of(row("A", 0.8, 20.0, 24.0), row("K", null, null, 0.0), row("L", 0.5, 10.0, 2.5)));

        // not fitted: no BG/NBD rows, Gamma-Gamma parameters null → every prediction null
        lakeTable(
                "lapsed_bg_nbd_predictions",
                "SELECT CAST(1 AS BIGINT) AS frequency, 1 AS recency_days, 1 AS age_days, CAST(0.1 AS DOUBLE) AS p_alive,"
                        + " CAST(0.1 AS DOUBLE) AS predicted_purchases_12m, CAST(0.1 AS DOUBLE) AS discounted_purchases_12m"
                        + " WHERE FALSE");
        params.put("gg_p", "CAST(NULL AS DOUBLE)");
        params.put("gg_q", "CAST(NULL AS DOUBLE)");
        params.put("gg_v", "CAST(NULL AS DOUBLE)");
        params.put("clv_fitted", "FALSE");
        engine.drop("lapsed_customer_predictions");
        ParquetDirectory.deleteRecursively(dir.resolve("predict").resolve("lapsed_customer_predictions"));
        predictTable("lapsed_customer_predictions", params);
        assertRows(
                engine.query("SELECT * FROM lapsed_customer_predictions ORDER BY month, customer_id"),
                columns,
                List.of(row("A", null, null, null), row("K", null, null, null), row("L", null, null, null)));
    }

    // ---------------------------------------------------------------- helpers

    private static ResultTable select(ResultTable t, String column, Object value) {
        int i = t.columnIndex(column);
        return new ResultTable(
                t.columns(),
                t.rows().stream().filter(r -> value.equals(r.get(i))).toList());
    }
}
