package io.clientele.warehouse.marts;

import static io.clientele.warehouse.marts.ExpectedRows.assertRows;
import static io.clientele.warehouse.marts.ExpectedRows.row;
import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.warehouse.engine.DuckDbEngine;
import io.clientele.warehouse.engine.DuckDbSettings;
import io.clientele.warehouse.engine.Engine;
import io.clientele.warehouse.engine.ResultTable;
import io.clientele.warehouse.engine.SqlDialect;
import io.clientele.warehouse.engine.SqlTemplate;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renewals, up-sell and down-sell (docs/contract.md §4.17) and contacts (§4.18) on DuckDB, as
 * {@link CategoryMartsTest} does it: mart_contract_renewals, mart_contract_renewals_monthly, the
 * renewal_calls view, mart_contacts_monthly and the contact columns of mart_customer_value, from
 * small star-schema fixtures written as Parquet, every expected number worked out by hand below.
 *
 * <pre>
 * D = 2024-03-15. Contracts (fact_contract as of D: a cancellation is known by D):
 *   cust id   start       end         cancel      fee   last_day     why
 *   A    K1   2023-01-01  2023-12-31              100   2023-12-31
 *   A    K2   2024-01-01                          120   —            K1 + 1 day: renews K1, up-sell +20
 *   B    K3   2023-02-01              2023-11-30   50   2023-11-30   the cancellation is its last day
 *   B    K4   2023-12-20  2024-02-10               40   2024-02-10   K3 + 20 days: down-sell −10; no successor,
 *                                                                   window closed 2024-03-11 ≤ D: not_renewed
 *   C    K5   2023-03-01  2024-01-31               80   2024-01-31   K6 starts 34 days on: too late, not_renewed
 *   C    K6   2024-03-05                           80   —
 *   E    K7   2023-06-01  2024-02-29               60   2024-02-29
 *   E    K8   2024-01-31                           60   —            29 days BEFORE K7's last day: flat renewal
 *   F    K9   2023-05-01  2024-01-15               30   2024-01-15   K9 and K10 both have K11 as first candidate:
 *   F    K10  2023-07-01  2024-01-15               20   2024-01-15   K11 renews K9 (started first), +15;
 *   F    K11  2024-01-16                           45   —            K10 is not_renewed (window closed 2024-02-14)
 *   G    K12  2023-04-01  2024-03-01             null   2024-03-01
 *   G    K13  2024-03-02                           70   —            renews K12: fee_unknown, fee_change null
 *   H    K14  2023-09-01  2024-03-10               25   2024-03-10   window open until 2024-04-09: window_open
 *   I    K15  2023-05-15  2024-05-20               90   2024-05-20   ends in 66 days: a call, bucket 90
 *   J    K16  2023-04-10  2024-04-09              200   2024-04-09
 *   J    K17  2024-03-12                          250   —            renews K16 early, +50: K16 needs no call
 *   L    K18  2023-08-01  2024-04-30  2024-02-20   35   2024-02-20   cancelled by D: stopped, no call; window_open
 *   M    K19  2023-10-01  2024-04-15               10   2024-04-15   31 days: a call, bucket 60
 *   M    K20  2023-10-01                           10   —            same start as K19: an add-on, no renewal
 *   N    K21  2023-04-14  2024-04-14               15   2024-04-14   30 days: a call, bucket 30
 *   O    K22  2023-06-13  2024-06-13               15   2024-06-13   90 days: a call, bucket 90
 *   Q    K23  2023-06-14  2024-06-14               15   2024-06-14   91 days: no call
 *   P    K24  2023-03-15  2024-03-15                5   2024-03-15   ends on D: ended, not after D, no call
 * </pre>
 */
class RenewalAndContactMartsTest {

    private static final LocalDate D = LocalDate.of(2024, 3, 15);

    private static final String CONTRACTS = "(VALUES"
            + " ('A', 'K1', '2023-01-01', '2023-12-31', NULL, 100),"
            + " ('A', 'K2', '2024-01-01', NULL, NULL, 120),"
            + " ('B', 'K3', '2023-02-01', NULL, '2023-11-30', 50),"
            + " ('B', 'K4', '2023-12-20', '2024-02-10', NULL, 40),"
            + " ('C', 'K5', '2023-03-01', '2024-01-31', NULL, 80),"
            + " ('C', 'K6', '2024-03-05', NULL, NULL, 80),"
            + " ('E', 'K7', '2023-06-01', '2024-02-29', NULL, 60),"
            + " ('E', 'K8', '2024-01-31', NULL, NULL, 60),"
            + " ('F', 'K9', '2023-05-01', '2024-01-15', NULL, 30),"
            + " ('F', 'K10', '2023-07-01', '2024-01-15', NULL, 20),"
            + " ('F', 'K11', '2024-01-16', NULL, NULL, 45),"
            + " ('G', 'K12', '2023-04-01', '2024-03-01', NULL, NULL),"
            + " ('G', 'K13', '2024-03-02', NULL, NULL, 70),"
            + " ('H', 'K14', '2023-09-01', '2024-03-10', NULL, 25),"
            + " ('I', 'K15', '2023-05-15', '2024-05-20', NULL, 90),"
            + " ('J', 'K16', '2023-04-10', '2024-04-09', NULL, 200),"
            + " ('J', 'K17', '2024-03-12', NULL, NULL, 250),"
            + " ('L', 'K18', '2023-08-01', '2024-04-30', '2024-02-20', 35),"
            + " ('M', 'K19', '2023-10-01', '2024-04-15', NULL, 10),"
            + " ('M', 'K20', '2023-10-01', NULL, NULL, 10),"
            + " ('N', 'K21', '2023-04-14', '2024-04-14', NULL, 15),"
            + " ('O', 'K22', '2023-06-13', '2024-06-13', NULL, 15),"
            + " ('Q', 'K23', '2023-06-14', '2024-06-14', NULL, 15),"
            + " ('P', 'K24', '2023-03-15', '2024-03-15', NULL, 5)"
            + ") c(customer_id, contract_id, start_date, end_date, cancel_date, monthly_fee)";

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

    @Test
    void eachContractsRenewal() throws Exception {
        contracts(CONTRACTS);

        ResultTable t = build("mart_contract_renewals", "start_date, contract_id");

        // As worked out in the class comment, in the order of start_date, contract_id.
        assertRows(
                t,
                List.of(
                        "contract_id",
                        "last_day",
                        "renews_contract_id",
                        "renewed_by_contract_id",
                        "renewal_start_date",
                        "renewal_monthly_fee",
                        "fee_change",
                        "renewal_status"),
                List.of(
                        row("K1", "2023-12-31", null, "K2", "2024-01-01", "120.00", "20.00", "upsell"),
                        row("K3", "2023-11-30", null, "K4", "2023-12-20", "40.00", "-10.00", "downsell"),
                        row("K5", "2024-01-31", null, null, null, null, null, "not_renewed"),
                        row("K24", "2024-03-15", null, null, null, null, null, "window_open"),
                        row("K12", "2024-03-01", null, "K13", "2024-03-02", "70.00", null, "fee_unknown"),
                        row("K16", "2024-04-09", null, "K17", "2024-03-12", "250.00", "50.00", "upsell"),
                        row("K21", "2024-04-14", null, null, null, null, null, "window_open"),
                        row("K9", "2024-01-15", null, "K11", "2024-01-16", "45.00", "15.00", "upsell"),
                        row("K15", "2024-05-20", null, null, null, null, null, "window_open"),
                        row("K7", "2024-02-29", null, "K8", "2024-01-31", "60.00", "0.00", "flat"),
                        row("K22", "2024-06-13", null, null, null, null, null, "window_open"),
                        row("K23", "2024-06-14", null, null, null, null, null, "window_open"),
                        row("K10", "2024-01-15", null, null, null, null, null, "not_renewed"),
                        row("K18", "2024-02-20", null, null, null, null, null, "window_open"),
                        row("K14", "2024-03-10", null, null, null, null, null, "window_open"),
                        row("K19", "2024-04-15", null, null, null, null, null, "window_open"),
                        row("K20", null, null, null, null, null, null, "no_last_day"),
                        row("K4", "2024-02-10", "K3", null, null, null, null, "not_renewed"),
                        row("K2", null, "K1", null, null, null, null, "no_last_day"),
                        row("K11", null, "K9", null, null, null, null, "no_last_day"),
                        row("K8", null, "K7", null, null, null, null, "no_last_day"),
                        row("K13", null, "K12", null, null, null, null, "no_last_day"),
                        row("K6", null, null, null, null, null, null, "no_last_day"),
                        row("K17", null, "K16", null, null, null, null, "no_last_day")));
        assertThat(t.column("as_of_date")).containsOnly(D);
    }

    @Test
    void renewalsPerMonth() throws Exception {
        contracts(CONTRACTS);
        dimDate("2023-01-01");
        build("mart_contract_renewals", "contract_id");

        ResultTable t = build("mart_contract_renewals_monthly", "month");

        // Months from K1's start (2023-01) to D's (2024-03), none skipped: 15 rows.
        // Renewals by the month the renewing contract starts:
        //   2023-12  K4 (−10)                          → 1 renewal, 1 down-sell, fee change −10
        //   2024-01  K2 (+20), K8 (0), K11 (+15)       → 3 renewals, 2 up-sells, 1 flat, +35
        //   2024-03  K13 (fee unknown), K17 (+50)      → 2 renewals, 1 up-sell, 1 fee unknown, +50
        // Endings by the month of the last day (on or before D):
        //   2023-11  K3 renewed                        → ended 1, renewed 1, rate 1
        //   2023-12  K1 renewed                        → ended 1, renewed 1, rate 1
        //   2024-01  K5 not, K9 renewed, K10 not       → ended 3, renewed 1, not 2, rate 1/3
        //   2024-02  K4 not, K7 renewed, K18 open      → ended 3, renewed 1, not 1, open 1, rate null (unsettled)
        //   2024-03  K12 renewed, K14 open, K24 open   → ended 3, renewed 1, open 2, rate null
        //   (K15, K16, K19, K21, K22, K23 end after D; contracts without a last day never end)
        List<String> columns = List.of(
                "month",
                "is_partial",
                "renewals",
                "upsells",
                "downsells",
                "flat_renewals",
                "fee_unknown_renewals",
                "fee_change",
                "contracts_ended",
                "ended_renewed",
                "ended_not_renewed",
                "ended_window_open",
                "renewal_rate");
        List<List<Object>> expected = new ArrayList<>();
        for (int m = 1; m <= 10; m++) {
            expected.add(row(LocalDate.of(2023, m, 1).toString(), false, 0, 0, 0, 0, 0, "0.00", 0, 0, 0, 0, null));
        }
        expected.add(row("2023-11-01", false, 0, 0, 0, 0, 0, "0.00", 1, 1, 0, 0, 1.0));
        expected.add(row("2023-12-01", false, 1, 0, 1, 0, 0, "-10.00", 1, 1, 0, 0, 1.0));
        expected.add(row("2024-01-01", false, 3, 2, 0, 1, 0, "35.00", 3, 1, 2, 0, 1.0 / 3));
        expected.add(row("2024-02-01", false, 0, 0, 0, 0, 0, "0.00", 3, 1, 1, 1, null));
        expected.add(row("2024-03-01", true, 2, 1, 0, 0, 1, "50.00", 3, 1, 0, 2, null));
        assertRows(t, columns, expected);
        assertThat(t.column("as_of_date")).containsOnly(D);
    }

    @Test
    void renewalCallsOrderTheContractsEndingInTheNext90Days() throws Exception {
        contracts(CONTRACTS);
        build("mart_contract_renewals", "contract_id");
        // mart_customer_value as published: only the columns the view reads
        lakeTable(
                "mart_customer_value",
                "SELECT customer_id, CAST(historical_clv AS DECIMAL(18,2)) AS historical_clv,"
                        + " CAST(predicted_clv_12m AS DOUBLE) AS predicted_clv_12m, is_top20, lifecycle_stage,"
                        + " CAST(churn_probability AS DOUBLE) AS churn_probability,"
                        + " CAST(contacts_12m AS BIGINT) AS contacts_12m,"
                        + " CAST(days_since_last_contact AS INT) AS days_since_last_contact FROM (VALUES"
                        + " ('I', 1000, 500, true, 'active', 0.2, 3, 10),"
                        + " ('M', 2000, NULL, false, 'dissatisfied', NULL, 0, NULL),"
                        + " ('N', 100, 800, true, 'active', 0.1, 1, 40),"
                        + " ('O', 3000, 500, false, 'won_back', 0.3, 2, 5),"
                        + " ('Q', 9000, 9000, true, 'active', 0.1, 0, NULL),"
                        + " ('J', 9000, 9000, true, 'active', 0.1, 0, NULL))"
                        + " v(customer_id, historical_clv, predicted_clv_12m, is_top20, lifecycle_stage,"
                        + " churn_probability, contacts_12m, days_since_last_contact)");
        lakeTable(
                "dim_customer",
                "SELECT customer_id, account_owner, is_current FROM (VALUES ('N', 'ann', true), ('N', 'bob', false),"
                        + " ('I', NULL, true)) d(customer_id, account_owner, is_current)");

        String sql = SqlTemplate.load("publish/renewal_calls.sql").render(new SqlDialect.DuckDb(), Map.of());
        ResultTable t = engine.query(sql);

        // Ending in (D, D + 90] = (2024-03-15, 2024-06-13], not cancelled, not renewed:
        //   K15 (I, 66 days, bucket 90), K19 (M, 31 days, 60), K21 (N, 30 days, 30), K22 (O, 90 days, 90).
        //   Not K16 (renewed by K17), K18 (cancelled: stopped 2024-02-20), K23 (91 days), K24 (ends on D).
        // Order: predicted_clv_12m desc, none last, then historical_clv desc:
        //   N 800 → 1; O 500 and I 500 tie, O's historical 3000 > I's 1000 → O 2, I 3; M none → 4.
        assertRows(
                t,
                List.of(
                        "call_rank",
                        "contract_id",
                        "customer_id",
                        "account_owner",
                        "end_date",
                        "days_to_end",
                        "end_bucket",
                        "historical_clv",
                        "predicted_clv_12m",
                        "is_top20",
                        "lifecycle_stage",
                        "churn_probability",
                        "contacts_12m",
                        "days_since_last_contact"),
                List.of(
                        row(1, "K21", "N", "ann", "2024-04-14", 30, 30, "100.00", 800.0, true, "active", 0.1, 1, 40),
                        row(
                                2,
                                "K22",
                                "O",
                                "unknown",
                                "2024-06-13",
                                90,
                                90,
                                "3000.00",
                                500.0,
                                false,
                                "won_back",
                                0.3,
                                2,
                                5),
                        row(
                                3,
                                "K15",
                                "I",
                                "unknown",
                                "2024-05-20",
                                66,
                                90,
                                "1000.00",
                                500.0,
                                true,
                                "active",
                                0.2,
                                3,
                                10),
                        row(
                                4,
                                "K19",
                                "M",
                                "unknown",
                                "2024-04-15",
                                31,
                                60,
                                "2000.00",
                                null,
                                false,
                                "dissatisfied",
                                null,
                                0,
                                null)));
        assertThat(t.column("as_of_date")).containsOnly(D);
    }

    @Test
    void contactsPerMonth() throws Exception {
        contacts(CONTACTS);
        complaints("('2024-01-03'), ('2024-01-30'), ('2024-02-10')");
        customerMonths("('A', '2024-01-01', true), ('B', '2024-01-01', true), ('Z', '2024-01-01', true),"
                + " ('C', '2024-01-01', false), ('A', '2024-02-01', false), ('A', '2024-03-01', true),"
                + " ('C', '2024-03-01', true), ('B', '2024-03-01', false)");
        dimDate("2024-01-01");

        ResultTable t = build("mart_contacts_monthly", "month");

        // Jan: I1 A in X1, I2 A out X1, I3 B in X2, I4 B (no direction, no agent)
        //      → contacts 4, customers 2, active A B Z = 3 → 4/3; in 2, out 1 → share 1/3;
        //        complaints 2 → 2.0; agents X1 X2 = 2, agent contacts 3 → 1.5, max X1 2.
        // Feb: nothing; one complaint → 0 / 1 = 0.0; nobody active → per active null; share,
        //      agents' average and maximum null.
        // Mar (D's, partial): I5 C out X1, I6 A in X2 (on D)
        //      → contacts 2, customers 2, active A C = 2 → 1.0; share 1/2; no complaint → null;
        //        agents 2, agent contacts 2 → 1.0, max 1.
        assertRows(
                t,
                List.of(
                        "month",
                        "is_partial",
                        "contacts",
                        "contacting_customers",
                        "active_customers",
                        "contacts_per_active_customer",
                        "inbound",
                        "outbound",
                        "outbound_share",
                        "complaints",
                        "contacts_per_complaint",
                        "agents",
                        "agent_contacts",
                        "avg_contacts_per_agent",
                        "max_contacts_per_agent"),
                List.of(
                        row("2024-01-01", false, 4, 2, 3, 4.0 / 3, 2, 1, 1.0 / 3, 2, 2.0, 2, 3, 1.5, 2),
                        row("2024-02-01", false, 0, 0, 0, null, 0, 0, null, 1, 0.0, 0, 0, null, null),
                        row("2024-03-01", true, 2, 2, 2, 1.0, 1, 1, 0.5, 0, null, 2, 2, 1.0, 1)));
        assertThat(t.column("as_of_date")).containsOnly(D);
    }

    @Test
    void customerValueContactColumns() throws Exception {
        // A: 2023-03-15 is D − 12 months exactly (not after it: out), 2023-03-16 in, 2024-03-15 (D) in
        //    → contacts_12m 2, days since the last 0.
        // B: 2023-01-10 only → 0 in the 12 months; 2023-01-10 → 2024-01-10 is 365 days, + 21 + 29 + 15
        //    to 2024-03-15 → 430.
        // P: no contact → 0 and null.
        contacts("(VALUES ('I1', 'A', '2023-03-15', 'inbound', 'X1'), ('I2', 'A', '2023-03-16', 'outbound', 'X1'),"
                + " ('I3', 'A', '2024-03-15', 'inbound', 'X2'), ('I4', 'B', '2023-01-10', 'inbound', NULL))"
                + " i(interaction_id, customer_id, occurred_date, direction, agent_id)");
        customerValueInputs("('A'), ('B'), ('P')");

        assertRows(
                build("mart_customer_value", "customer_id"),
                List.of("customer_id", "contacts_12m", "days_since_last_contact"),
                List.of(row("A", 2, 0), row("B", 0, 430), row("P", 0, null)));
    }

    @Test
    void noContractsNoContactsGiveNoRowsAndNoNaN() throws Exception {
        // No contract: no per-contract row, no month, no call.
        contracts("(SELECT * FROM " + CONTRACTS + " WHERE false) c");
        dimDate("2024-01-01");
        assertThat(build("mart_contract_renewals", "contract_id").rows()).isEmpty();
        assertThat(build("mart_contract_renewals_monthly", "month").rows()).isEmpty();

        // No contact: no month; every customer has 0 contacts and no last contact.
        contacts("(SELECT * FROM " + CONTACTS + " WHERE false) i");
        complaints("('2024-01-03')");
        customerMonths("('A', '2024-01-01', true)");
        assertThat(build("mart_contacts_monthly", "month").rows()).isEmpty();
        customerValueInputs("('A'), ('P')");
        assertRows(
                build("mart_customer_value", "customer_id"),
                List.of("customer_id", "contacts_12m", "days_since_last_contact"),
                List.of(row("A", 0, null), row("P", 0, null)));

        // A single month, D's: one contract started and cancelled in it, its window open; one inbound
        // contact without an agent, no complaint and nobody active → nulls, never NaN.
        contracts("(VALUES ('A', 'K1', '2024-03-01', NULL, '2024-03-10', 10)) c(customer_id, contract_id, start_date,"
                + " end_date, cancel_date, monthly_fee)");
        dimDate("2024-03-01");
        build("mart_contract_renewals", "contract_id");
        assertRows(
                build("mart_contract_renewals_monthly", "month"),
                List.of(
                        "month",
                        "is_partial",
                        "renewals",
                        "fee_change",
                        "contracts_ended",
                        "ended_window_open",
                        "renewal_rate"),
                List.of(row("2024-03-01", true, 0, "0.00", 1, 1, null)));
        contacts("(VALUES ('I1', 'A', '2024-03-02', 'inbound', NULL)) i(interaction_id, customer_id, occurred_date,"
                + " direction, agent_id)");
        complaints("('2023-12-01')");
        customerMonths("('A', '2024-03-01', false)");
        assertRows(
                build("mart_contacts_monthly", "month"),
                List.of(
                        "month",
                        "contacts",
                        "active_customers",
                        "contacts_per_active_customer",
                        "outbound_share",
                        "contacts_per_complaint",
                        "agents",
                        "avg_contacts_per_agent",
                        "max_contacts_per_agent"),
                List.of(row("2024-03-01", 1, 0, null, 0.0, null, 0, null, null)));
    }

    // ---------------------------------------------------------------- fixtures

    private static final String CONTACTS = "(VALUES"
            + " ('I1', 'A', '2024-01-05', 'inbound', 'X1'),"
            + " ('I2', 'A', '2024-01-20', 'outbound', 'X1'),"
            + " ('I3', 'B', '2024-01-25', 'inbound', 'X2'),"
            + " ('I4', 'B', '2024-01-26', NULL, NULL),"
            + " ('I5', 'C', '2024-03-01', 'outbound', 'X1'),"
            + " ('I6', 'A', '2024-03-15', 'inbound', 'X2')"
            + ") i(interaction_id, customer_id, occurred_date, direction, agent_id)";

    /** fact_contract as its SQL has it (the columns the marts read), from the rows above. */
    private void contracts(String rows) throws Exception {
        lakeTable(
                "fact_contract",
                "SELECT CAST(contract_id AS VARCHAR) AS contract_id, CAST(customer_id AS VARCHAR) AS customer_id,"
                        + " 'PLAN' AS product_id, CAST(start_date AS DATE) AS start_date,"
                        + " CAST(end_date AS DATE) AS end_date, CAST(cancel_date AS DATE) AS cancel_date,"
                        + " CAST(monthly_fee AS DECIMAL(18,2)) AS monthly_fee FROM " + rows);
    }

    /** fact_interaction (the columns the marts read). */
    private void contacts(String rows) throws Exception {
        lakeTable(
                "fact_interaction",
                "SELECT CAST(interaction_id AS VARCHAR) AS interaction_id, CAST(customer_id AS VARCHAR) AS customer_id,"
                        + " CAST(occurred_date AS DATE) AS occurred_date, CAST(direction AS VARCHAR) AS direction,"
                        + " CAST(agent_id AS VARCHAR) AS agent_id FROM " + rows);
    }

    /** fact_complaint with only the received days (mart_contacts_monthly counts them). */
    private void complaints(String receivedDays) throws Exception {
        lakeTable(
                "fact_complaint",
                "SELECT 'x' AS customer_id, CAST(d AS DATE) AS received_date, false AS justified, false AS is_closed"
                        + " FROM (VALUES " + receivedDays + ") r(d)");
    }

    /** fact_customer_month's activity flags. */
    private void customerMonths(String rows) throws Exception {
        lakeTable(
                "fact_customer_month",
                "SELECT customer_id, CAST(month_start AS DATE) AS month_start, is_active, true AS is_complete"
                        + " FROM (VALUES " + rows + ") m(customer_id, month_start, is_active)");
    }

    /** The other tables mart_customer_value reads: the customers, and no orders, activity or models. */
    private void customerValueInputs(String customerIds) throws Exception {
        lakeTable(
                "dim_customer",
                "SELECT customer_id, TIMESTAMP '2023-01-01 00:00:00' AS created_at, true AS is_current FROM (VALUES "
                        + customerIds + ") c(customer_id)");
        lakeTable(
                "dim_product",
                "SELECT CAST(1 AS BIGINT) AS product_key, 'PB' AS product_id, 'books' AS category,"
                        + " CAST(NULL AS DECIMAL(18,4)) AS unit_cost");
        lakeTable(
                "fact_order_line",
                "SELECT 'O' AS order_id, 'x' AS customer_id, CAST(1 AS BIGINT) AS product_key, 1 AS quantity,"
                        + " CAST(1 AS DECIMAL(18,4)) AS line_revenue, 'completed' AS status WHERE false");
        lakeTable(
                "fact_order",
                "SELECT 'O' AS order_id, 'x' AS customer_id, DATE '2024-01-01' AS order_date,"
                        + " CAST(1 AS DECIMAL(18,4)) AS net_revenue, true AS is_purchase, 'completed' AS status WHERE false");
        lakeTable(
                "fact_customer_month",
                "SELECT 'x' AS customer_id, DATE '2024-01-01' AS month_start, false AS is_active, false AS is_complete"
                        + " WHERE false");
        lakeTable(
                "fact_complaint",
                "SELECT 'x' AS customer_id, DATE '2024-01-01' AS received_date, false AS justified, false AS is_closed,"
                        + " CAST(0 AS DECIMAL(18,2)) AS compensation_amount WHERE false");
        lakeTable(
                "fact_survey_response",
                "SELECT 'x' AS customer_id, DATE '2024-01-01' AS response_date, 'CSAT' AS kind, 1 AS score WHERE false");
        lakeTable(
                "customer_predictions",
                "SELECT 'x' AS customer_id, 0.0::DOUBLE AS predicted_purchases_12m, 0.0::DOUBLE AS p_alive,"
                        + " 0.0::DOUBLE AS expected_order_value, 0.0::DOUBLE AS predicted_clv_12m WHERE false");
        lakeTable("churn_scores", "SELECT 'x' AS customer_id, 0.0::DOUBLE AS churn_probability WHERE false");
    }

    /** The days from {@code from} to D, as dim_date has them (the marts read month_start and month_end). */
    private void dimDate(String from) throws Exception {
        lakeTable(
                "dim_date",
                "SELECT CAST(d AS DATE) AS date_day, CAST(date_trunc('month', d) AS DATE) AS month_start,"
                        + " last_day(CAST(d AS DATE)) AS month_end"
                        + " FROM generate_series(TIMESTAMP '" + from + "', TIMESTAMP '" + D
                        + "', INTERVAL 1 DAY) t(d)");
    }

    /** The parameters a night passes to the marts (as RunSettings.sqlParameters spells them). */
    private static Map<String, String> nightParameters() {
        return MartFixture.nightParameters(D);
    }

    /** Writes {@code select} to lake/{@code table}/part-0.parquet with a plain DuckDB and registers it. */
    private void lakeTable(String table, String select) throws Exception {
        MartFixture.lakeTable(engine, dir, table, select);
    }

    /** Builds a mart as a night does (it stays registered for the marts and views that read it). */
    private ResultTable build(String mart, String orderBy) {
        return MartFixture.build(engine, dir, nightParameters(), mart, orderBy);
    }
}
