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
 * Marts from warehouse/sql/marts/ on DuckDB, without Spring and without the rest of the night:
 * small star-schema fixtures (only the columns each mart reads) are written as Parquet by a plain
 * DuckDB, registered under their lake names, and the mart is built by {@link MetricMarts#build}
 * with the parameters a night passes. Every expected row is worked out by hand from the fixture
 * (docs/contract.md §3, §4.5, §4.7, §4.8, §4.11).
 */
class MetricMartsTest {

    /** D: a mid-month date, so that D's own month is partial. */
    private static final LocalDate D = LocalDate.of(2024, 3, 15);

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

    /** The days from 2023-11-01 to D, as dim_date has them (the marts read month_start and month_end). */
    private void dimDate() throws Exception {
        lakeTable(
                "dim_date",
                "SELECT CAST(d AS DATE) AS date_day, CAST(date_trunc('month', d) AS DATE) AS month_start,"
                        + " last_day(CAST(d AS DATE)) AS month_end"
                        + " FROM generate_series(TIMESTAMP '2023-11-01', TIMESTAMP '" + D + "', INTERVAL 1 DAY) t(d)");
    }

    // ---------------------------------------------------------------- mart_cohort_retention

    @Test
    void cohortRetention() throws Exception {
        dimDate();
        lakeTable(
                "fact_order",
                "SELECT customer_id, CAST(order_date AS DATE) AS order_date,"
                        + " CAST(net_revenue AS DECIMAL(18,4)) AS net_revenue, is_purchase FROM (VALUES"
                        // A: cohort Dec, buys again in months 1 and 3
                        + " ('A', '2023-12-10', 100, true), ('A', '2024-01-05', 50, true), ('A', '2024-03-01', 20, true),"
                        // B: cohort Dec (its last day), away in January, returns in month 2
                        + " ('B', '2023-12-31', 200, true), ('B', '2024-02-10', 30, true),"
                        // C: a cancelled order in November is no purchase: C's cohort is January, not November
                        + " ('C', '2023-11-30', 40, false), ('C', '2024-01-31', 60, true),"
                        // D: two purchases in its first month, never again
                        + " ('D', '2024-01-15', 80, true), ('D', '2024-01-20', 20, true),"
                        // E: first purchase on D itself
                        + " ('E', '2024-03-15', 10, true),"
                        // F: no purchase at all (a completed order netting to zero), in no cohort
                        + " ('F', '2024-02-01', 0, false)"
                        + ") t(customer_id, order_date, net_revenue, is_purchase)");

        ResultTable t = build("mart_cohort_retention", "cohort_month, months_since_first");

        // Dec cohort: A, B (size 2), month-0 revenue 100 + 200 = 300
        //   k0 Dec: A, B        -> 2, 2/2 = 1.0, 300,  300/300 = 1.0
        //   k1 Jan: A           -> 1, 0.5,       50,   50/300
        //   k2 Feb: B           -> 1, 0.5,       30,   30/300 = 0.1
        //   k3 Mar: A (partial) -> 1, 0.5,       20,   20/300
        // Jan cohort: C, D (size 2), month-0 revenue 60 + 80 + 20 = 160
        //   k0 Jan: C, D -> 2, 1.0, 160, 1.0;  k1 Feb: nobody -> 0, 0.0, 0, 0.0;  k2 Mar (partial): 0
        // Mar cohort: E (size 1): k0 Mar (partial) -> 1, 1.0, 10, 1.0
        List<List<Object>> expected = List.of(
                row("2023-12-01", 0, 2, 2, 1.0, "300.00", 1.0, false),
                row("2023-12-01", 1, 2, 1, 0.5, "50.00", 50.0 / 300, false),
                row("2023-12-01", 2, 2, 1, 0.5, "30.00", 0.1, false),
                row("2023-12-01", 3, 2, 1, 0.5, "20.00", 20.0 / 300, true),
                row("2024-01-01", 0, 2, 2, 1.0, "160.00", 1.0, false),
                row("2024-01-01", 1, 2, 0, 0.0, "0.00", 0.0, false),
                row("2024-01-01", 2, 2, 0, 0.0, "0.00", 0.0, true),
                row("2024-03-01", 0, 1, 1, 1.0, "10.00", 1.0, true));
        assertRows(
                t,
                List.of(
                        "cohort_month",
                        "months_since_first",
                        "cohort_size",
                        "active_customers",
                        "retention_rate",
                        "revenue",
                        "revenue_retention",
                        "is_partial"),
                expected);
        assertThat(t.column("as_of_date")).containsOnly(D);
    }

    // ---------------------------------------------------------------- mart_churn_monthly

    @Test
    void churnMonthly() throws Exception {
        // Activity at each month's end as fact_customer_month gives it (contracts may keep a customer
        // active without purchases). March is D's month: incomplete, so no March rows.
        //          Dec     Jan     Feb     Mar(incomplete)
        //   A      active  active  active  active     purchase Dec 100 (first 2023-12-10)
        //   B      active  active  -       -          purchase Dec 200 (first 2023-12-31); lost in Feb
        //   C      (none)  active  active  active     purchase Jan 60 (first 2024-01-31); new in Jan
        //   D      active  -       active  active     purchase Dec 40 (first 2023-12-05), Feb 25: lost in Jan, back in
        // Feb
        lakeTable(
                "fact_customer_month",
                "SELECT customer_id, CAST(month_start AS DATE) AS month_start,"
                        + " last_day(CAST(month_start AS DATE)) AS month_end, is_active,"
                        + " last_day(CAST(month_start AS DATE)) <= DATE '" + D + "' AS is_complete,"
                        + " CAST(purchases AS INT) AS purchases, CAST(first_purchase_date AS DATE) AS first_purchase_date,"
                        + " CAST(revenue AS DECIMAL(18,4)) AS revenue FROM (VALUES"
                        + " ('A', '2023-12-01', true, 1, '2023-12-10', 100), ('A', '2024-01-01', true, 0, '2023-12-10', 0),"
                        + " ('A', '2024-02-01', true, 0, '2023-12-10', 0), ('A', '2024-03-01', true, 0, '2023-12-10', 0),"
                        + " ('B', '2023-12-01', true, 1, '2023-12-31', 200), ('B', '2024-01-01', true, 0, '2023-12-31', 0),"
                        + " ('B', '2024-02-01', false, 0, '2023-12-31', 0), ('B', '2024-03-01', false, 0, '2023-12-31', 0),"
                        + " ('C', '2024-01-01', true, 1, '2024-01-31', 60), ('C', '2024-02-01', true, 0, '2024-01-31', 0),"
                        + " ('C', '2024-03-01', true, 0, '2024-01-31', 0),"
                        + " ('D', '2023-12-01', true, 1, '2023-12-05', 40), ('D', '2024-01-01', false, 0, '2023-12-05', 0),"
                        + " ('D', '2024-02-01', true, 1, '2023-12-05', 25), ('D', '2024-03-01', true, 0, '2023-12-05', 0)"
                        + ") t(customer_id, month_start, is_active, purchases, first_purchase_date, revenue)");
        lakeTable(
                "dim_customer",
                "SELECT * FROM (VALUES"
                        + " ('A', 'private', 'web', 'ann', true),"
                        + " ('B', 'business', 'web', NULL, true),"
                        + " ('C', 'private', 'partner', 'ann', true),"
                        + " ('D', 'private', NULL, 'bob', true),"
                        + " ('D', 'business', 'web', 'ann', false)" // an old version: not the attribute as of D
                        + ") t(customer_id, customer_type, acquisition_channel, account_owner, is_current)");
        // The 90 days ending on 31 Jan are 3 Nov .. 31 Jan (31 Jan − 90 = 2 Nov, excluded): B's complaint
        // of 3 Nov counts for January, D's of 2 Nov does not. For December (3 Oct .. 31 Dec) both count;
        // for February (2 Dec .. 29 Feb) only C's of 10 Feb.
        lakeTable(
                "fact_complaint",
                "SELECT customer_id, CAST(received_date AS DATE) AS received_date FROM (VALUES"
                        + " ('B', '2023-11-03'), ('D', '2023-11-02'), ('C', '2024-02-10')) t(customer_id, received_date)");

        ResultTable t = build("mart_churn_monthly", "month, segment_kind, segment");
        List<String> columns = List.of(
                "month",
                "segment_kind",
                "segment",
                "customers_start",
                "new_customers",
                "customers_end",
                "lost_customers",
                "retention_rate",
                "churn_rate",
                "revenue_churn",
                "repeat_purchase_rate");

        // all / all:
        // Dec: Cb 0 (nothing in Nov); Ce = A, B, D = 3 = Cn; rates null; purchasers A, B, D, none
        //      with a first purchase before 1 Dec -> repeat rate 0/3.
        // Jan: Cb = A, B, D; Ce = A, B, C; Cn = C; Cl = D. retention (3 − 1)/3, churn 1/3.
        //      revenue_churn: revenue Jan 2023..Dec 2023 of Cl (D 40) / of Cb (100 + 200 + 40 = 340).
        //      Purchasers: C, first purchase in January -> 0/1.
        // Feb: Cb = A, B, C; Ce = A, C, D; Cn = D (returning); Cl = B. retention 2/3, churn 1/3.
        //      revenue_churn: Feb 2023..Jan 2024 of B (200) / of A, B, C (100 + 200 + 60 = 360).
        //      Purchasers: D, first purchase 2023-12-05 before 1 Feb -> 1/1.
        assertRows(
                select(t, "segment_kind", "all"),
                columns,
                List.of(
                        row("2023-12-01", "all", "all", 0, 3, 3, 0, null, null, null, 0.0),
                        row("2024-01-01", "all", "all", 3, 1, 3, 1, 2.0 / 3, 1.0 / 3, 40.0 / 340, 0.0),
                        row("2024-02-01", "all", "all", 3, 1, 3, 1, 2.0 / 3, 1.0 / 3, 200.0 / 360, 1.0)));

        // by customer_type (D is private now; its old business version does not count):
        // Dec private A, D: Ce 2; business B: Ce 1.
        // Jan private: Cb A, D; Ce A, C; Cn C; Cl D -> 1/2, 1/2; revenue_churn 40/(100 + 40); C purchased, new -> 0.
        //     business: B start and end -> 1, 0, 1, 0; no revenue lost -> 0/200 = 0; no purchaser -> null.
        // Feb private: Cb A, C; Ce A, C, D; Cn D -> retention (3 − 1)/2 = 1, churn 0; revenue 0/160; D repeat -> 1.
        //     business: Cb B, Ce 0, Cl B -> retention 0, churn 1, revenue_churn 200/200.
        assertRows(
                select(t, "segment_kind", "customer_type"),
                columns,
                List.of(
                        row("2023-12-01", "customer_type", "business", 0, 1, 1, 0, null, null, null, 0.0),
                        row("2023-12-01", "customer_type", "private", 0, 2, 2, 0, null, null, null, 0.0),
                        row("2024-01-01", "customer_type", "business", 1, 0, 1, 0, 1.0, 0.0, 0.0, null),
                        row("2024-01-01", "customer_type", "private", 2, 1, 2, 1, 0.5, 0.5, 40.0 / 140, 0.0),
                        row("2024-02-01", "customer_type", "business", 1, 0, 0, 1, 0.0, 1.0, 1.0, null),
                        row("2024-02-01", "customer_type", "private", 2, 1, 3, 0, 1.0, 0.0, 0.0, 1.0)));

        // complained_90d (boundary above): Dec yes = B, D (Ce 2), no = A (Ce 1).
        // Jan yes = B only (Cb 1, Ce 1); no = A, C, D: Cb A, D; Ce A, C; Cn C; Cl D.
        // Feb yes = C (Cb 1, Ce 1); no = A, B, D: Cb A, B; Ce A, D; Cn D; Cl B.
        assertRows(
                select(t, "segment_kind", "complained_90d"),
                List.of("month", "segment", "customers_start", "new_customers", "customers_end", "lost_customers"),
                List.of(
                        row("2023-12-01", "no", 0, 1, 1, 0),
                        row("2023-12-01", "yes", 0, 2, 2, 0),
                        row("2024-01-01", "no", 2, 1, 2, 1),
                        row("2024-01-01", "yes", 1, 0, 1, 0),
                        row("2024-02-01", "no", 2, 1, 2, 1),
                        row("2024-02-01", "yes", 1, 0, 1, 0)));

        // account_owner, February: ann = A, C (Cb 2, Ce 2); bob = D (Cb 0, Ce 1: rates null);
        // B has no owner -> unknown (Cb 1, Ce 0).
        assertRows(
                select(select(t, "segment_kind", "account_owner"), "month", LocalDate.of(2024, 2, 1)),
                List.of("segment", "customers_start", "customers_end", "retention_rate", "churn_rate"),
                List.of(row("ann", 2, 2, 1.0, 0.0), row("bob", 0, 1, null, null), row("unknown", 1, 0, 0.0, 1.0)));
        // acquisition_channel: D's null channel is unknown; in January D is lost (Cb 1, Ce 0)
        assertRows(
                select(select(t, "segment_kind", "acquisition_channel"), "segment", "unknown"),
                List.of("month", "customers_start", "customers_end", "lost_customers"),
                List.of(row("2023-12-01", 0, 1, 0), row("2024-01-01", 1, 0, 1), row("2024-02-01", 0, 1, 0)));
        assertThat(t.column("month")).doesNotContain(LocalDate.of(2024, 3, 1));
    }

    // ---------------------------------------------------------------- mart_complaints_monthly

    @Test
    void complaintsMonthly() throws Exception {
        // Purchases for is_top20 (§4.6): the window is Apr 2023 .. D. 12-month revenue:
        // P 500, Q 300, R 300, S 100, T 50 -> 5 buyers; customers with strictly more: P 0, Q 1, R 1, S 3,
        // T 4; top 20% = fewer than 5 × 0.2 = 1 with more = P only. Left out, or Q, R or S would join:
        // Q's 1000 on 2023-03-31 (before the window), R's 1000 after D, S's cancelled 10000.
        lakeTable(
                "fact_order",
                "SELECT customer_id, CAST(order_date AS DATE) AS order_date,"
                        + " CAST(net_revenue AS DECIMAL(18,4)) AS net_revenue, is_purchase FROM (VALUES"
                        + " ('P', '2023-04-01', 500, true), ('Q', '2023-03-31', 1000, true), ('Q', '2024-01-10', 300, true),"
                        + " ('R', '2024-03-15', 300, true), ('R', '2024-03-16', 1000, true), ('S', '2023-06-01', 100, true),"
                        + " ('S', '2023-07-01', 10000, false), ('T', '2024-02-02', 50, true)"
                        + ") t(customer_id, order_date, net_revenue, is_purchase)");
        // As fact_complaint gives them as of D (deadline 30 days: within_deadline when the exact elapsed
        // time is at most 30 × 86400 s; resolution_days = elapsed seconds / 86400):
        //  K1 P Feb email/billing justified, closed after exactly 30 days  -> within, 30.0 days, comp 10.00
        //  K2 Q Feb email/billing unfounded, closed after 31 days          -> late,   31.0 days, comp 5.50
        //  K3 P Feb email/billing justified unknown, open (comp 99 not counted)
        //  K4 R Feb no channel / delivery, justified, closed without resolved_at: no elapsed time
        //  K5 Q Mar phone/billing justified, closed after 2 days           -> within, 2.0 days, comp 0
        //  K6, K7 S Jan email/billing unfounded, open, received at the very same instant
        // Severity and closing day feed the complaint-operations columns (asserted below):
        //  K1 low closed 03-02, K2 low closed 03-05, K3 medium open, K4 high closed without a day,
        //  K5 critical closed 03-03, K6 low open, K7 no severity, open.
        lakeTable(
                "fact_complaint",
                "SELECT complaint_id, customer_id, CAST(received_at AS TIMESTAMP) AS received_at,"
                        + " CAST(CAST(received_at AS TIMESTAMP) AS DATE) AS received_date, channel, category, justified, is_closed,"
                        + " within_deadline, CAST(resolution_days AS DOUBLE) AS resolution_days,"
                        + " CAST(compensation_amount AS DECIMAL(18,2)) AS compensation_amount, severity,"
                        + " CAST(resolved_date AS DATE) AS resolved_date FROM (VALUES"
                        + " ('K1', 'P', '2024-02-01 09:00:00', 'email', 'billing', true, true, true, 30.0, 10.00, 'low', '2024-03-02'),"
                        + " ('K2', 'Q', '2024-02-03 09:00:00', 'email', 'billing', false, true, false, 31.0, 5.50, 'low', '2024-03-05'),"
                        + " ('K3', 'P', '2024-02-20 12:00:00', 'email', 'billing', NULL, false, NULL, NULL, 99.00, 'medium', NULL),"
                        + " ('K4', 'R', '2024-02-10 08:00:00', NULL, 'delivery', true, true, NULL, NULL, NULL, 'high', NULL),"
                        + " ('K5', 'Q', '2024-03-01 10:00:00', 'phone', 'billing', true, true, true, 2.0, 0.00, 'critical', '2024-03-03'),"
                        + " ('K6', 'S', '2024-01-15 08:00:00', 'email', 'billing', false, false, NULL, NULL, NULL, 'low', NULL),"
                        + " ('K7', 'S', '2024-01-15 08:00:00', 'email', 'billing', false, false, NULL, NULL, NULL, NULL, NULL)"
                        + ") t(complaint_id, customer_id, received_at, channel, category, justified, is_closed,"
                        + " within_deadline, resolution_days, compensation_amount, severity, resolved_date)");
        // Activity at each month's end (D in March): Jan P, Q (R not) = 2; Feb P, Q, R, S = 4 (T not);
        // Mar P, S = 2 (Q not: a complainant need not be active). December is no complaint month.
        lakeTable(
                "fact_customer_month",
                "SELECT customer_id, CAST(month_start AS DATE) AS month_start, is_active FROM (VALUES"
                        + " ('P', '2023-12-01', true), ('P', '2024-01-01', true), ('Q', '2024-01-01', true),"
                        + " ('R', '2024-01-01', false), ('P', '2024-02-01', true), ('Q', '2024-02-01', true),"
                        + " ('R', '2024-02-01', true), ('S', '2024-02-01', true), ('T', '2024-02-01', false),"
                        + " ('P', '2024-03-01', true), ('S', '2024-03-01', true), ('Q', '2024-03-01', false)"
                        + ") t(customer_id, month_start, is_active)");

        ResultTable t = build("mart_complaints_monthly", "month, channel, category");
        // Jan email/billing: K6, K7: 2 complaints, 0 justified, 2 unfounded -> ratio 0/2 = 0; none closed:
        //   deadline ratio and average null, compensation 0; S not top20; S's two are simultaneous: no repeat.
        // Feb email/billing: K1, K2, K3: justified 1, unfounded 1 (K3 neither) -> 0.5; closed K1, K2 = 2;
        //   within 1 of 2 = 0.5; average (30 + 31)/2 = 30.5; compensation 10.00 + 5.50 = 15.50;
        //   top20: P's K1 and K3 = 2; repeat: P (K3 after K1) = 1 (K2 is Q's first).
        // Feb unknown/delivery: K4: justified 1 -> 1.0; resolved 1; no elapsed time -> ratio and average null; 0.00.
        // Mar phone/billing: K5: 1, 1, 0, 1.0, 1, 1/1, 2.0, 0.00, 0, repeat Q (K2 in February) = 1.
        assertRows(
                t,
                List.of(
                        "month",
                        "channel",
                        "category",
                        "complaints",
                        "justified",
                        "unfounded",
                        "justified_ratio",
                        "resolved",
                        "resolved_within_deadline_ratio",
                        "avg_resolution_days",
                        "compensation_total",
                        "top20_customer_complaints",
                        "repeat_complainants"),
                List.of(
                        row("2024-01-01", "email", "billing", 2, 0, 2, 0.0, 0, null, null, "0.00", 0, 0),
                        row("2024-02-01", "email", "billing", 3, 1, 1, 0.5, 2, 0.5, 30.5, "15.50", 2, 1),
                        row("2024-02-01", "unknown", "delivery", 1, 1, 0, 1.0, 1, null, null, "0.00", 0, 0),
                        row("2024-03-01", "phone", "billing", 1, 1, 0, 1.0, 1, 1.0, 2.0, "0.00", 0, 1)));

        // Complaint operations (§4.13), per cell: complainants (distinct customers), severity counts,
        // the compensation of the closed low-severity ones.
        //   Jan email/billing: S → 1; low 1 (K6; K7 has none); K6 open → 0.00
        //   Feb email/billing: P, Q → 2; low 2 (K1, K2), medium 1 (K3); 10.00 + 5.50 = 15.50
        //   Feb unknown/delivery: R → 1; high 1; 0.00
        //   Mar phone/billing: Q → 1; critical 1; 0.00
        assertRows(
                t,
                List.of(
                        "month",
                        "complainants",
                        "low_severity_complaints",
                        "medium_severity_complaints",
                        "high_severity_complaints",
                        "critical_severity_complaints",
                        "low_severity_compensation"),
                List.of(
                        row("2024-01-01", 1, 1, 0, 0, 0, "0.00"),
                        row("2024-02-01", 2, 2, 1, 0, 0, "15.50"),
                        row("2024-02-01", 1, 0, 0, 1, 0, "0.00"),
                        row("2024-03-01", 1, 0, 0, 0, 1, "0.00")));
        // the whole month's figures are mart_complaint_operations_monthly's, not repeated per cell
        assertThat(t.columns()).noneMatch(c -> c.startsWith("month_")).doesNotContain("complaint_rate");

        // mart_complaint_operations_monthly, one row per month from January (the first complaint's;
        // December has an active customer but no complaint, so no row) through March (D's, partial).
        //   received: Jan K6, K7 = 2; Feb K1, K2, K3, K4 = 4; Mar K5 = 1
        //   complainants: Jan {S} 1, Feb {P, Q, R} 3 (P twice), Mar {Q} 1
        //   active at the month's end: Jan 2, Feb 4, Mar 2 → rates 1/2 = 0.5, 3/4 = 0.75, 1/2 = 0.5
        //   severity: Jan low 1 (K7 none); Feb low 2, medium 1, high 1; Mar critical 1
        //   trivial cost: Feb K1 10.00 + K2 5.50 = 15.50 (both closed); Jan K6 open → 0.00
        // Open at the end of the month's last day (D in March), overdue when older than 30 × 24 h then:
        //   Jan 31: K6, K7 (16.7 days) → open 2, overdue 0
        //   Feb 29: K6, K7 (45.7 d, overdue); K1 (closed 03-02, 28.6 d), K2 (closed 03-05, 26.6 d), K3 (9.5 d);
        //           K4 is closed without a day: closed at every month end → open 5, overdue 2
        //   Mar 15: K6, K7 (60.7 d, overdue), K3 (24.5 d); K1, K2, K5 closed by then → open 3, overdue 2
        dimDate();
        assertRows(
                build("mart_complaint_operations_monthly", "month"),
                OPERATIONS,
                List.of(
                        row("2024-01-01", false, 2, 1, 2, 0.5, 1, 0, 0, 0, "0.00", 2, 0),
                        row("2024-02-01", false, 4, 3, 4, 0.75, 2, 1, 1, 0, "15.50", 5, 2),
                        row("2024-03-01", true, 1, 1, 2, 0.5, 0, 0, 0, 1, "0.00", 3, 2)));
    }

    /** The columns of mart_complaint_operations_monthly the tests assert, in its order. */
    private static final List<String> OPERATIONS = List.of(
            "month",
            "is_partial",
            "complaints",
            "complainants",
            "active_customers",
            "complaint_rate",
            "low_severity_complaints",
            "medium_severity_complaints",
            "high_severity_complaints",
            "critical_severity_complaints",
            "low_severity_compensation",
            "open_at_month_end",
            "overdue_at_month_end");

    @Test
    void complaintBacklogAtTheDeadlineAndWithoutActiveCustomers() throws Exception {
        // The exact-elapsed-time rule at month end (deadline 30 days): the end of February 2024 is
        // 2024-02-29 23:59:59.999999, and 30 × 24 h before it is 2024-01-30 23:59:59.999999.
        //   A received at 2024-01-30 23:59:59.999999: exactly 30 days by the end → not overdue
        //   B received at 2024-01-30 23:59:59.999998: 30 days + 1 µs → overdue
        //   C received 2024-01-10, closed 2024-02-29 (on the last day, so closed by its end) → not open
        //   E received 2024-01-10, closed 2024-03-01 → open and overdue at the end of February
        // No customer is active in any month (fact_customer_month is empty): the rates are null.
        lakeTable(
                "fact_order",
                "SELECT 'X' AS customer_id, DATE '2023-01-01' AS order_date,"
                        + " CAST(0 AS DECIMAL(18,4)) AS net_revenue, false AS is_purchase");
        lakeTable(
                "fact_complaint",
                "SELECT complaint_id, 'X' AS customer_id, CAST(received_at AS TIMESTAMP) AS received_at,"
                        + " CAST(CAST(received_at AS TIMESTAMP) AS DATE) AS received_date, 'web' AS channel,"
                        + " 'billing' AS category, CAST(NULL AS BOOLEAN) AS justified, is_closed,"
                        + " CAST(NULL AS BOOLEAN) AS within_deadline, CAST(NULL AS DOUBLE) AS resolution_days,"
                        + " CAST(NULL AS DECIMAL(18,2)) AS compensation_amount, 'low' AS severity,"
                        + " CAST(NULL AS VARCHAR) AS root_cause, CAST(resolved_date AS DATE) AS resolved_date FROM (VALUES"
                        + " ('A', '2024-01-30 23:59:59.999999', false, NULL),"
                        + " ('B', '2024-01-30 23:59:59.999998', false, NULL),"
                        + " ('C', '2024-01-10 10:00:00', true, '2024-02-29'),"
                        + " ('E', '2024-01-10 10:00:00', true, '2024-03-01')"
                        + ") t(complaint_id, received_at, is_closed, resolved_date)");
        lakeTable(
                "fact_customer_month",
                "SELECT 'X' AS customer_id, DATE '2024-01-01' AS month_start, true AS is_active WHERE false");

        // mart_complaints_monthly has a row where a complaint was received: January only
        ResultTable t = build("mart_complaints_monthly", "month, channel, category");
        assertRows(t, List.of("month", "complaints", "complainants"), List.of(row("2024-01-01", 4, 1)));

        // mart_complaint_operations_monthly has every month from January through D's, so February
        // and March (nothing received) keep their backlog. No customer is active: active 0, rate
        // null (no division by zero). All four are low; C and E closed without compensation → 0.00.
        //   Jan 31: A, B, C, E all open (C closes 02-29, E 03-01), none 30 days old (C, E: 21.6 d;
        //           B: 1 day) → open 4, overdue 0
        //   Feb 29: A (exactly 30 d: not overdue), B (overdue), E (50.6 d, overdue); C closed on the
        //           29th, so by its end → open 3, overdue 2
        //   Mar 15: A, B (both overdue); E closed 03-01 → open 2, overdue 2
        dimDate();
        ResultTable operations = build("mart_complaint_operations_monthly", "month");
        assertRows(
                operations,
                OPERATIONS,
                List.of(
                        row("2024-01-01", false, 4, 1, 0, null, 4, 0, 0, 0, "0.00", 4, 0),
                        row("2024-02-01", false, 0, 0, 0, null, 0, 0, 0, 0, "0.00", 3, 2),
                        row("2024-03-01", true, 0, 0, 0, null, 0, 0, 0, 0, "0.00", 2, 2)));

        // mart_complaint_causes has a row wherever the cause has a complaint received or open at the
        // month's end, so February and March (nothing received) show the backlog:
        //   Jan: 4 received, share 4/4 = 1; X's first complaint of the cause (01-10) is new, its
        //        window ends 07-08 > D → not observed; open at Jan 31: all 4, none 30 days old
        //   Feb: nothing received → share null; open at Feb 29: A (exactly 30 d: not overdue),
        //        B (overdue), E (50.6 d, overdue); C closed on the 29th → open 3, overdue 2
        //   Mar: open at D's end: A, B (both overdue); E closed 03-01 → open 2, overdue 2
        // (one cause, so its backlog is the month's above)
        ResultTable causes = build("mart_complaint_causes", "month, root_cause");
        assertRows(
                causes,
                List.of(
                        "month",
                        "root_cause",
                        "complaints",
                        "share",
                        "compensation_total",
                        "complaining_customers",
                        "new_complaining_customers",
                        "observed_180d",
                        "churned_within_180d",
                        "open_at_month_end",
                        "overdue_at_month_end"),
                List.of(
                        row("2024-01-01", "unknown", 4, 1.0, "0.00", 1, 1, 0, 0, 4, 0),
                        row("2024-02-01", "unknown", 0, null, "0.00", 0, 0, 0, 0, 3, 2),
                        row("2024-03-01", "unknown", 0, null, "0.00", 0, 0, 0, 0, 2, 2)));
    }

    @Test
    void complaintMartsWithoutComplaintsHaveNoRows() throws Exception {
        // no complaint at all (a night without the complaints source): empty marts, no failure
        dimDate();
        lakeTable(
                "fact_order",
                "SELECT 'X' AS customer_id, DATE '2024-01-05' AS order_date,"
                        + " CAST(10 AS DECIMAL(18,4)) AS net_revenue, true AS is_purchase");
        lakeTable(
                "fact_complaint",
                "SELECT 'K' AS complaint_id, 'X' AS customer_id, TIMESTAMP '2024-01-01 00:00:00' AS received_at,"
                        + " DATE '2024-01-01' AS received_date, 'web' AS channel, 'billing' AS category,"
                        + " CAST(NULL AS BOOLEAN) AS justified, false AS is_closed, CAST(NULL AS BOOLEAN) AS within_deadline,"
                        + " CAST(NULL AS DOUBLE) AS resolution_days, CAST(NULL AS DECIMAL(18,2)) AS compensation_amount,"
                        + " 'low' AS severity, CAST(NULL AS VARCHAR) AS root_cause, CAST(NULL AS DATE) AS resolved_date"
                        + " WHERE false");
        lakeTable(
                "fact_customer_month",
                "SELECT 'X' AS customer_id, DATE '2024-01-01' AS month_start, true AS is_active");

        assertThat(build("mart_complaints_monthly", "month, channel, category").rows())
                .isEmpty();
        assertThat(build("mart_complaint_causes", "month, root_cause").rows()).isEmpty();
        // no first complaint, so no month to start from, though a customer is active
        assertThat(build("mart_complaint_operations_monthly", "month").rows()).isEmpty();
    }

    /** A fact_complaint fixture with the columns mart_complaint_operations_monthly reads. */
    private void complaints(String values) throws Exception {
        lakeTable(
                "fact_complaint",
                "SELECT customer_id, CAST(received_at AS TIMESTAMP) AS received_at,"
                        + " CAST(CAST(received_at AS TIMESTAMP) AS DATE) AS received_date, severity, is_closed,"
                        + " CAST(resolved_date AS DATE) AS resolved_date,"
                        + " CAST(compensation_amount AS DECIMAL(18,2)) AS compensation_amount FROM (VALUES "
                        + values
                        + ") t(customer_id, received_at, severity, is_closed, resolved_date, compensation_amount)");
    }

    @Test
    void complaintOperationsKeepTheQuietMonths() throws Exception {
        // One complaint, received 2023-12-05 and closed 2023-12-20 (critical, 20.00 paid); X active
        // at the end of December and January, inactive at February's, no row in March.
        //   Dec: 1 received, 1 complainant, 1 active → rate 1/1 = 1.0; critical 1; not low → 0.00;
        //        closed by Dec 31 → open 0
        //   Jan: nothing received and nothing open, but a row: 0 complainants, 1 active → 0/1 = 0.0
        //   Feb: 0 active (X's row is not active) → rate null; Mar (D's, partial): no active → null
        dimDate();
        complaints("('X', '2023-12-05 10:00:00', 'critical', true, '2023-12-20', 20.00)");
        lakeTable(
                "fact_customer_month",
                "SELECT customer_id, CAST(month_start AS DATE) AS month_start, is_active FROM (VALUES"
                        + " ('X', '2023-12-01', true), ('X', '2024-01-01', true), ('X', '2024-02-01', false)"
                        + ") t(customer_id, month_start, is_active)");
        assertRows(
                build("mart_complaint_operations_monthly", "month"),
                OPERATIONS,
                List.of(
                        row("2023-12-01", false, 1, 1, 1, 1.0, 0, 0, 0, 1, "0.00", 0, 0),
                        row("2024-01-01", false, 0, 0, 1, 0.0, 0, 0, 0, 0, "0.00", 0, 0),
                        row("2024-02-01", false, 0, 0, 0, null, 0, 0, 0, 0, "0.00", 0, 0),
                        row("2024-03-01", true, 0, 0, 0, null, 0, 0, 0, 0, "0.00", 0, 0)));
    }

    @Test
    void complaintOperationsOfASingleMonth() throws Exception {
        // Complaints only in D's month: one row, partial. Y's two (one low, one without severity,
        // received on D itself) count 2 received, 1 complainant; the low one is closed on D with
        // 7.25 paid, the other open at D's end (0 days old: not overdue). Z is active on D: rate 1/1.
        dimDate();
        complaints("('Y', '2024-03-02 08:00:00', 'low', true, '2024-03-15', 7.25),"
                + " ('Y', '2024-03-15 23:59:59', NULL, false, NULL, NULL)");
        lakeTable(
                "fact_customer_month",
                "SELECT 'Z' AS customer_id, DATE '2024-03-01' AS month_start, true AS is_active");
        assertRows(
                build("mart_complaint_operations_monthly", "month"),
                OPERATIONS,
                List.of(row("2024-03-01", true, 2, 1, 1, 1.0, 1, 0, 0, 0, "7.25", 1, 0)));
    }

    // ---------------------------------------------------------------- mart_satisfaction_touchpoint_monthly

    private void surveys(String values) throws Exception {
        lakeTable(
                "fact_survey_response",
                "SELECT customer_id, CAST(response_date AS DATE) AS response_date, kind, CAST(score AS INT) AS score,"
                        + " touchpoint FROM (VALUES " + values
                        + ") t(customer_id, response_date, kind, score, touchpoint)");
    }

    @Test
    void satisfactionByTouchpointAndValueTier() throws Exception {
        // Purchases; the tier is taken at each month's end over that month and the 11 before:
        //   A 2023-03-10 1000, B 2024-01-20 300, C 2024-02-05 200, E 2024-03-10 500, F 2024-01-05 50;
        //   G's cancelled 9999 is no purchase.
        //   Jan (2023-02 .. 2024-01): A 1000, B 300, F 50 → 3 buyers; top20 when 5 × (buyers with more) < 3: A
        //   Feb (2023-03 .. 2024-02): A 1000, B 300, C 200, F 50 → 4 buyers; A only (B: 5 × 1 = 5 ≥ 4)
        //   Mar (2023-04 .. D): A's 1000 is out; E 500, B 300, C 200, F 50 → E only
        lakeTable(
                "fact_order",
                "SELECT customer_id, CAST(order_date AS DATE) AS order_date,"
                        + " CAST(net_revenue AS DECIMAL(18,4)) AS net_revenue, is_purchase FROM (VALUES"
                        + " ('A', '2023-03-10', 1000, true), ('B', '2024-01-20', 300, true), ('C', '2024-02-05', 200, true),"
                        + " ('E', '2024-03-10', 500, true), ('F', '2024-01-05', 50, true), ('G', '2024-02-01', 9999, false)"
                        + ") t(customer_id, order_date, net_revenue, is_purchase)");
        // Answers (touchpoint → tier): Jan A CSAT 5 order (top20), B CSAT 2 complaint (rest), F NPS 9
        // relationship (rest); Feb A NPS 10 relationship (top20), C CSAT 4 order (rest), G CSAT 1 without
        // touchpoint → unknown (rest: never bought); Mar A CSAT 3 complaint (rest now), E NPS 6
        // relationship (top20), B NPS 8 relationship (rest).
        surveys("('A', '2024-01-03', 'CSAT', 5, 'order'), ('B', '2024-01-25', 'CSAT', 2, 'complaint'),"
                + " ('F', '2024-01-31', 'NPS', 9, 'relationship'), ('A', '2024-02-10', 'NPS', 10, 'relationship'),"
                + " ('C', '2024-02-11', 'CSAT', 4, 'order'), ('G', '2024-02-12', 'CSAT', 1, NULL),"
                + " ('A', '2024-03-01', 'CSAT', 3, 'complaint'), ('E', '2024-03-12', 'NPS', 6, 'relationship'),"
                + " ('B', '2024-03-15', 'NPS', 8, 'relationship')");

        ResultTable t =
                build("mart_satisfaction_touchpoint_monthly", "month, is_touchpoint_total, touchpoint, value_tier");
        // Each cell: CSAT answers, average, % scoring 4–5; NPS answers, promoters (9–10), passives (7–8),
        // detractors (0–6), nps = 100 × (promoters − detractors) ÷ answers. The totals over touchpoints
        // (touchpoint null, is_touchpoint_total, ordered last) and value_tier 'all' total the others.
        //   Jan total/all: CSAT 5, 2 → avg 3.5, 1 of 2 = 50%; NPS 9 → 100
        //   Feb total/all: CSAT 4, 1 → 2.5, 50%; NPS 10 → 100
        //   Mar total/all: CSAT 3 → 0%; NPS 6, 8 → 100 × (0 − 1) / 2 = −50; rest NPS 8 → 0; top20 NPS 6 → −100
        assertRows(
                t,
                List.of(
                        "month",
                        "touchpoint",
                        "is_touchpoint_total",
                        "value_tier",
                        "csat_responses",
                        "csat_avg",
                        "csat_satisfied_pct",
                        "nps_responses",
                        "promoters",
                        "passives",
                        "detractors",
                        "nps"),
                List.of(
                        row("2024-01-01", "complaint", false, "all", 1, 2.0, 0.0, 0, 0, 0, 0, null),
                        row("2024-01-01", "complaint", false, "rest", 1, 2.0, 0.0, 0, 0, 0, 0, null),
                        row("2024-01-01", "order", false, "all", 1, 5.0, 100.0, 0, 0, 0, 0, null),
                        row("2024-01-01", "order", false, "top20", 1, 5.0, 100.0, 0, 0, 0, 0, null),
                        row("2024-01-01", "relationship", false, "all", 0, null, null, 1, 1, 0, 0, 100.0),
                        row("2024-01-01", "relationship", false, "rest", 0, null, null, 1, 1, 0, 0, 100.0),
                        row("2024-01-01", null, true, "all", 2, 3.5, 50.0, 1, 1, 0, 0, 100.0),
                        row("2024-01-01", null, true, "rest", 1, 2.0, 0.0, 1, 1, 0, 0, 100.0),
                        row("2024-01-01", null, true, "top20", 1, 5.0, 100.0, 0, 0, 0, 0, null),
                        row("2024-02-01", "order", false, "all", 1, 4.0, 100.0, 0, 0, 0, 0, null),
                        row("2024-02-01", "order", false, "rest", 1, 4.0, 100.0, 0, 0, 0, 0, null),
                        row("2024-02-01", "relationship", false, "all", 0, null, null, 1, 1, 0, 0, 100.0),
                        row("2024-02-01", "relationship", false, "top20", 0, null, null, 1, 1, 0, 0, 100.0),
                        row("2024-02-01", "unknown", false, "all", 1, 1.0, 0.0, 0, 0, 0, 0, null),
                        row("2024-02-01", "unknown", false, "rest", 1, 1.0, 0.0, 0, 0, 0, 0, null),
                        row("2024-02-01", null, true, "all", 2, 2.5, 50.0, 1, 1, 0, 0, 100.0),
                        row("2024-02-01", null, true, "rest", 2, 2.5, 50.0, 0, 0, 0, 0, null),
                        row("2024-02-01", null, true, "top20", 0, null, null, 1, 1, 0, 0, 100.0),
                        row("2024-03-01", "complaint", false, "all", 1, 3.0, 0.0, 0, 0, 0, 0, null),
                        row("2024-03-01", "complaint", false, "rest", 1, 3.0, 0.0, 0, 0, 0, 0, null),
                        row("2024-03-01", "relationship", false, "all", 0, null, null, 2, 0, 1, 1, -50.0),
                        row("2024-03-01", "relationship", false, "rest", 0, null, null, 1, 0, 1, 0, 0.0),
                        row("2024-03-01", "relationship", false, "top20", 0, null, null, 1, 0, 0, 1, -100.0),
                        row("2024-03-01", null, true, "all", 1, 3.0, 0.0, 2, 0, 1, 1, -50.0),
                        row("2024-03-01", null, true, "rest", 1, 3.0, 0.0, 1, 0, 1, 0, 0.0),
                        row("2024-03-01", null, true, "top20", 0, null, null, 1, 0, 0, 1, -100.0)));
        assertThat(t.column("as_of_date")).containsOnly(D);
    }

    @Test
    void satisfactionByTouchpointWithoutPurchases() throws Exception {
        // no purchase at all: nobody is top20, every answer is 'rest' (and no top20 row)
        lakeTable(
                "fact_order",
                "SELECT 'A' AS customer_id, DATE '2024-01-01' AS order_date,"
                        + " CAST(0 AS DECIMAL(18,4)) AS net_revenue, false AS is_purchase");
        surveys("('A', '2024-03-01', 'NPS', 7, 'relationship')");
        assertRows(
                build("mart_satisfaction_touchpoint_monthly", "month, is_touchpoint_total, touchpoint, value_tier"),
                List.of(
                        "month",
                        "touchpoint",
                        "is_touchpoint_total",
                        "value_tier",
                        "nps_responses",
                        "passives",
                        "nps",
                        "csat_avg"),
                List.of(
                        row("2024-03-01", "relationship", false, "all", 1, 1, 0.0, null),
                        row("2024-03-01", "relationship", false, "rest", 1, 1, 0.0, null),
                        row("2024-03-01", null, true, "all", 1, 1, 0.0, null),
                        row("2024-03-01", null, true, "rest", 1, 1, 0.0, null)));
    }

    @Test
    void aSourceTouchpointSpelledAllIsNotTheTotal() throws Exception {
        // A survey whose touchpoint the source spells 'all' is a touchpoint like any other: its rows
        // have is_touchpoint_total false, and the total over touchpoints (null, true) counts it with
        // the 'relationship' answer. No purchase, so every answer is 'rest'.
        //   'all': CSAT 4 → 1 answer, avg 4.0;  relationship: NPS 7;  total: CSAT 4 and NPS 7
        lakeTable(
                "fact_order",
                "SELECT 'A' AS customer_id, DATE '2024-01-01' AS order_date,"
                        + " CAST(0 AS DECIMAL(18,4)) AS net_revenue, false AS is_purchase");
        surveys("('A', '2024-03-01', 'NPS', 7, 'relationship'), ('B', '2024-03-02', 'CSAT', 4, 'all')");
        assertRows(
                build("mart_satisfaction_touchpoint_monthly", "month, is_touchpoint_total, touchpoint, value_tier"),
                List.of(
                        "month",
                        "touchpoint",
                        "is_touchpoint_total",
                        "value_tier",
                        "csat_responses",
                        "csat_avg",
                        "nps_responses"),
                List.of(
                        row("2024-03-01", "all", false, "all", 1, 4.0, 0),
                        row("2024-03-01", "all", false, "rest", 1, 4.0, 0),
                        row("2024-03-01", "relationship", false, "all", 0, null, 1),
                        row("2024-03-01", "relationship", false, "rest", 0, null, 1),
                        row("2024-03-01", null, true, "all", 1, 4.0, 1),
                        row("2024-03-01", null, true, "rest", 1, 4.0, 1)));
    }

    @Test
    void satisfactionByTouchpointWithoutSurveysHasNoRows() throws Exception {
        lakeTable(
                "fact_order",
                "SELECT 'A' AS customer_id, DATE '2024-01-01' AS order_date,"
                        + " CAST(10 AS DECIMAL(18,4)) AS net_revenue, true AS is_purchase");
        lakeTable(
                "fact_survey_response",
                "SELECT 'A' AS customer_id, DATE '2024-03-01' AS response_date, 'NPS' AS kind, 7 AS score,"
                        + " 'relationship' AS touchpoint WHERE false");
        assertThat(build("mart_satisfaction_touchpoint_monthly", "month, touchpoint, value_tier")
                        .rows())
                .isEmpty();
    }

    // ---------------------------------------------------------------- mart_sales_monthly

    /**
     * The star-schema rows behind mart_sales_monthly (§4.3, §4.11), as the star step would give
     * them: fact_order.customer_key is the dim_customer version valid at the order, is_purchase is
     * status completed with net revenue above zero, line_revenue = quantity × unit_price − discount.
     */
    private void salesFixture(String orders, String lines) throws Exception {
        dimDate();
        // A moved from DE (version 10, until 1 Feb) to FR (version 11, current); C is an inferred
        // member without a country.
        lakeTable(
                "dim_customer",
                "SELECT CAST(customer_key AS BIGINT) AS customer_key, customer_id, country, is_current FROM (VALUES"
                        + " (10, 'A', 'DE', false), (11, 'A', 'FR', true), (20, 'B', 'NL', true),"
                        + " (30, 'C', NULL, true)) t(customer_key, customer_id, country, is_current)");
        // product 3 is an inferred member (named by an order line, not in the catalogue): no category
        lakeTable(
                "dim_product",
                "SELECT CAST(product_key AS BIGINT) AS product_key, product_id, category FROM (VALUES"
                        + " (1, 'P1', 'books'), (2, 'P2', 'garden'), (3, 'P3', NULL)) t(product_key, product_id, category)");
        lakeTable(
                "fact_order",
                "SELECT order_id, customer_id, CAST(customer_key AS BIGINT) AS customer_key,"
                        + " CAST(order_ts AS TIMESTAMP) AS order_ts, CAST(CAST(order_ts AS TIMESTAMP) AS DATE) AS order_date,"
                        + " status, channel, CAST(net_revenue AS DECIMAL(18,4)) AS net_revenue,"
                        + " status = 'completed' AND net_revenue > 0 AS is_purchase FROM (VALUES " + orders
                        + ") t(order_id, customer_id, customer_key, order_ts, status, channel, net_revenue)");
        lakeTable(
                "fact_order_line",
                "SELECT l.order_id, line_no, o.customer_id, o.customer_key, product_id, CAST(product_key AS BIGINT) AS product_key,"
                        + " o.order_date, o.status, o.channel, CAST(quantity AS INT) AS quantity,"
                        + " CAST(unit_price AS DECIMAL(18,4)) AS unit_price, CAST(discount AS DECIMAL(18,4)) AS discount_amount,"
                        + " CAST(quantity * unit_price - discount AS DECIMAL(18,4)) AS line_revenue, quantity < 0 AS is_return"
                        + " FROM (VALUES " + lines
                        + ") l(order_id, line_no, product_id, product_key, quantity, unit_price, discount)"
                        + " JOIN (SELECT order_id, customer_id, CAST(customer_key AS BIGINT) AS customer_key,"
                        + " CAST(CAST(order_ts AS TIMESTAMP) AS DATE) AS order_date, status, channel FROM (VALUES "
                        + orders
                        + ") t(order_id, customer_id, customer_key, order_ts, status, channel, net_revenue)) o"
                        + " ON o.order_id = l.order_id");
    }

    @Test
    void salesMonthly() throws Exception {
        salesFixture(
                // O3 cancelled in November, before the first purchase: the months start in December.
                // O2 cancelled, O6 returned, O8 completed but netting to 0: none is a purchase, so
                // January has no purchase at all. O7 is placed on D itself, at 23:00.
                " ('O1', 'A', 10, '2023-12-10 10:00:00', 'completed', 'web', 48.00),"
                        + " ('O2', 'B', 20, '2024-01-05 09:00:00', 'cancelled', 'store', 100.00),"
                        + " ('O3', 'C', 30, '2023-11-20 09:00:00', 'cancelled', 'web', 70.00),"
                        + " ('O4', 'A', 11, '2024-02-20 12:00:00', 'completed', 'web', 28.00),"
                        + " ('O5', 'B', 20, '2024-02-03 08:00:00', 'completed', 'phone', 41.00),"
                        + " ('O6', 'B', 20, '2024-02-28 18:00:00', 'returned', 'web', 20.00),"
                        + " ('O7', 'C', 30, '" + D + " 23:00:00', 'completed', NULL, 6.50),"
                        + " ('O8', 'A', 11, '2024-03-01 10:00:00', 'completed', 'web', 0.00)",
                // order_id, line_no, product_id, product_key, quantity, unit_price, discount
                " ('O1', 1, 'P1', 1, 2, 10.00, 2.00), ('O1', 2, 'P2', 2, 1, 30.00, 0),"
                        + " ('O2', 1, 'P1', 1, 1, 100.00, 0),"
                        + " ('O3', 1, 'P2', 2, 2, 35.00, 0),"
                        + " ('O4', 1, 'P1', 1, 3, 10.00, 3.00), ('O4', 2, 'P1', 1, -1, 10.00, 0),"
                        + " ('O4', 3, 'P2', 2, 2, 5.50, 0),"
                        + " ('O5', 1, 'P2', 2, 1, 40.00, 4.00), ('O5', 2, NULL, NULL, 1, 5.00, 0),"
                        + " ('O6', 1, 'P1', 1, 2, 10.00, 0),"
                        + " ('O7', 1, 'P3', 3, 1, 12.00, 0), ('O7', 2, 'P2', 2, -1, 5.50, 0),"
                        + " ('O8', 1, 'P1', 1, 1, 10.00, 10.00)");

        ResultTable t = build("mart_sales_monthly", "month, breakdown_kind, breakdown");

        // Purchases and their lines (gross = sold q × price, returned = −q × price of q < 0):
        //   O1 Dec, A as DE (version 10), web: books 2 × 10 = 20 − disc 2 = 18; garden 1 × 30 = 30
        //      -> gross 50, returned 0, disc 2, net 48
        //   O4 Feb, A as FR (version 11), web: books 3 × 10 = 30 − 3 = 27; books return 1 × 10 = −10;
        //      garden 2 × 5.50 = 11 -> gross 41, returned 10, disc 3, net 28
        //   O5 Feb, B NL, phone: garden 1 × 40 = 40 − 4 = 36; no product 1 × 5 = 5
        //      -> gross 45, returned 0, disc 4, net 41
        //   O7 Mar (on D), C no country, no channel: P3 (no category) 12; garden return 1 × 5.50
        //      -> gross 12, returned 5.50, disc 0, net 6.50
        // Dec: all = O1: 50, 0, 2, 48; discount rate 2/50 = 0.04, return rate 0.
        //      books 20, 0, 2, 18 (2/20 = 0.1); garden 30, 0, 0, 30; DE and web = all.
        // Jan: no purchase -> the all row alone, zeros, rates null (gross 0).
        // Feb: all = O4 + O5: 2 orders, 2 customers, gross 86, returned 10, disc 7, net 69 = 86 − 10 − 7;
        //      rates 7/86, 10/86.
        //      books (O4): 30, 10, 3, 17 -> 3/30 = 0.1, 10/30; garden (O4, O5): 2 orders, A and B,
        //      11 + 40 = 51, 0, 4, 47 -> 4/51, 0; unknown (O5's line without product): 5, 0, 0, 5.
        //      17 + 47 + 5 = 69. FR = web = O4; NL = phone = O5.
        // Mar (partial): all = O7: 12, 5.50, 0, 6.50 -> 0, 5.5/12. garden: gross 0, returned 5.50,
        //      net −5.50, rates null (no gross); unknown (P3): 12, 0, 0, 12. Channel and country unknown = all.
        List<List<Object>> expected = List.of(
                row("2023-12-01", "all", "all", false, 1, 1, "50.00", "0.00", "2.00", "48.00", 0.04, 0.0),
                row("2023-12-01", "category", "books", false, 1, 1, "20.00", "0.00", "2.00", "18.00", 0.1, 0.0),
                row("2023-12-01", "category", "garden", false, 1, 1, "30.00", "0.00", "0.00", "30.00", 0.0, 0.0),
                row("2023-12-01", "channel", "web", false, 1, 1, "50.00", "0.00", "2.00", "48.00", 0.04, 0.0),
                row("2023-12-01", "country", "DE", false, 1, 1, "50.00", "0.00", "2.00", "48.00", 0.04, 0.0),
                row("2024-01-01", "all", "all", false, 0, 0, "0.00", "0.00", "0.00", "0.00", null, null),
                row("2024-02-01", "all", "all", false, 2, 2, "86.00", "10.00", "7.00", "69.00", 7.0 / 86, 10.0 / 86),
                row("2024-02-01", "category", "books", false, 1, 1, "30.00", "10.00", "3.00", "17.00", 0.1, 10.0 / 30),
                row("2024-02-01", "category", "garden", false, 2, 2, "51.00", "0.00", "4.00", "47.00", 4.0 / 51, 0.0),
                row("2024-02-01", "category", "unknown", false, 1, 1, "5.00", "0.00", "0.00", "5.00", 0.0, 0.0),
                row("2024-02-01", "channel", "phone", false, 1, 1, "45.00", "0.00", "4.00", "41.00", 4.0 / 45, 0.0),
                row(
                        "2024-02-01",
                        "channel",
                        "web",
                        false,
                        1,
                        1,
                        "41.00",
                        "10.00",
                        "3.00",
                        "28.00",
                        3.0 / 41,
                        10.0 / 41),
                row("2024-02-01", "country", "FR", false, 1, 1, "41.00", "10.00", "3.00", "28.00", 3.0 / 41, 10.0 / 41),
                row("2024-02-01", "country", "NL", false, 1, 1, "45.00", "0.00", "4.00", "41.00", 4.0 / 45, 0.0),
                row("2024-03-01", "all", "all", true, 1, 1, "12.00", "5.50", "0.00", "6.50", 0.0, 5.5 / 12),
                row("2024-03-01", "category", "garden", true, 1, 1, "0.00", "5.50", "0.00", "-5.50", null, null),
                row("2024-03-01", "category", "unknown", true, 1, 1, "12.00", "0.00", "0.00", "12.00", 0.0, 0.0),
                row("2024-03-01", "channel", "unknown", true, 1, 1, "12.00", "5.50", "0.00", "6.50", 0.0, 5.5 / 12),
                row("2024-03-01", "country", "unknown", true, 1, 1, "12.00", "5.50", "0.00", "6.50", 0.0, 5.5 / 12));
        assertRows(
                t,
                List.of(
                        "month",
                        "breakdown_kind",
                        "breakdown",
                        "is_partial",
                        "orders",
                        "customers",
                        "gross_revenue",
                        "returned_revenue",
                        "discounts",
                        "net_revenue",
                        "discount_rate",
                        "return_rate"),
                expected);
        assertThat(t.column("as_of_date")).containsOnly(D);
    }

    @Test
    void salesMonthlyWithoutPurchasesHasNoRows() throws Exception {
        // a cancelled order and a completed one netting to zero: no purchase, so no month and no row
        salesFixture(
                " ('O1', 'A', 10, '2024-01-10 10:00:00', 'cancelled', 'web', 20.00),"
                        + " ('O2', 'B', 20, '2024-02-10 10:00:00', 'completed', 'web', 0.00)",
                " ('O1', 1, 'P1', 1, 2, 10.00, 0), ('O2', 1, 'P1', 1, 1, 10.00, 10.00)");

        assertThat(build("mart_sales_monthly", "month").rows()).isEmpty();
    }

    // ---------------------------------------------------------------- helpers

    private static ResultTable select(ResultTable t, String column, Object value) {
        int i = t.columnIndex(column);
        return new ResultTable(
                t.columns(),
                t.rows().stream().filter(r -> value.equals(r.get(i))).toList());
    }
}
