package io.clientele.warehouse.marts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.clientele.warehouse.engine.DuckDbEngine;
import io.clientele.warehouse.engine.DuckDbSettings;
import io.clientele.warehouse.engine.Engine;
import io.clientele.warehouse.engine.ParquetTarget;
import io.clientele.warehouse.engine.ResultTable;
import io.clientele.warehouse.engine.SqlTemplate;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lifecycle stages by month (docs/contract.md §4.15) on DuckDB: fact_customer_month.lifecycle_stage
 * from its star-schema SQL over a small fixture, then mart_lifecycle_monthly,
 * mart_lifecycle_transitions and mart_customer_value from it. Every expected stage and number is
 * worked out by hand below.
 *
 * <pre>
 * D = 2024-03-15 (D's month partial), inactivity-days = 20: a purchase covers its day and the 19
 * after, so one on the 15th keeps a customer active at that month's end and at no other.
 * Purchases (on the 15th unless said; all revenue 10):
 *   A  2023-01, 2023-06                 lost Feb 2023, back Jun (4 months later), lost again Jul
 *   B  2023-01                          lost Feb 2023 for good
 *   C  2023-01, 2024-03-15 (on D)       lost Feb 2023, back in Mar 2024: 13 months later
 *   N  2023-01-05, 2023-12              inactive at its first month end already (Jan 5 + 19 = Jan 24)
 *   E  2023-03 … 2023-06                complaint 2023-04-20, justified, closed 04-25
 *   F  2023-03 … 2023-08                NPS 5 on 2023-05-10
 *   G  2023-06 … 2023-08                complaint 2023-06-10, not justified, open until 07-20
 *   P  none (a cancelled order 2023-05-20); contract 2023-05-01 … end 2023-06-30
 *   W  2023-01, 2023-05                 contract 2023-02-01, end 2024-12-31, cancelled 2023-03-31
 *   K  2023-12, 2024-01-20, 2024-02, 2024-03-10   inactive Jan 4–19 2024, never at a month end; NPS 7 on 2024-03-01
 *   L  2024-01, 2024-02, 2024-03        CSAT 2 on 2024-02-20, CSAT 5 on 2024-03-01 (a later good answer does not undo it)
 *   H  2024-02, 2024-03-10              complaint 2024-03-01, not justified, still open on D
 *   Q  no activity at all: in dim_customer only, so no fact_customer_month row
 * </pre>
 *
 * Unhappy on day d: a complaint received in (d − 90, d] that is justified or open on d, or a CSAT ≤ 2
 * / NPS ≤ 6 given in (d − 90, d]. E: Apr 30, May 31, Jun 30 (Jul 31 − 90 = May 2 is after Apr 20).
 * F: May 31, Jun 30, Jul 31 (May 10 &gt; May 2), not Aug 31. G: Jun 30 (open), not Jul 31 (closed
 * Jul 20, unjustified). L: Feb 29 and D. H: D.
 */
class LifecycleMartsTest {

    private static final LocalDate D = LocalDate.of(2024, 3, 15);
    private static final YearMonth FIRST = YearMonth.of(2023, 1);

    /**
     * The stages month by month from each customer's first row (p prospect, a active, d
     * dissatisfied, c churned, w won_back):
     * <pre>
     *                 J23 F  M  A  M  J  J  A  S  O  N  D  J24 F  M
     *   A             a   c  c  c  c  w  c  c  c  c  c  c  c   c  c   lapsed Feb, active again Jun: won_back
     *   B             a   c  c  c  c  c  c  c  c  c  c  c  c   c  c
     *   C             a   c  c  c  c  c  c  c  c  c  c  c  c   c  w
     *   N             c   c  c  c  c  c  c  c  c  c  c  w  c   c  c   a buyer inactive at its first month end: churned
     *   E                    a  d  d  d  c  c  c  c  c  c  c   c  c
     *   F                    a  a  d  d  d  a  c  c  c  c  c   c  c   never lapsed before Aug: active, not won_back
     *   G                             d  a  a  c  c  c  c  c   c  c   open complaint on Jun 30, closed by Jul 31
     *   P                          a  a  p  p  p  p  p  p  p   p  p   contract only: no purchase, so prospect after it
     *   W             a   a  a  c  w  c  c  c  c  c  c  c  c   c  c   the contract covers Feb 28 and Mar 31 (its cancel day)
     *   K                                               a  a   a  a   a gap inside January is no lapse
     *   L                                                  a   d  d
     *   H                                                      a  d
     * </pre>
     */
    private static final Map<String, String> STAGES = Map.ofEntries(
            Map.entry("A", "2023-01 acccc wcccc ccccc"),
            Map.entry("B", "2023-01 acccc ccccc ccccc"),
            Map.entry("C", "2023-01 acccc ccccc ccccw"),
            Map.entry("N", "2023-01 ccccc ccccc cwccc"),
            Map.entry("E", "2023-03 adddc ccccc ccc"),
            Map.entry("F", "2023-03 aaddd acccc ccc"),
            Map.entry("G", "2023-06 daacc ccccc"),
            Map.entry("P", "2023-05 aappp ppppp p"),
            Map.entry("W", "2023-01 aaacw ccccc ccccc"),
            Map.entry("K", "2023-12 aaaa"),
            Map.entry("L", "2024-01 add"),
            Map.entry("H", "2024-02 ad"));

    /**
     * mart_lifecycle_monthly, every row, counted from the table of stages above. entered counts
     * those in the stage now and not at the previous month end (new = first row); exited the reverse.
     * Outcomes: churned entrants of Jan 2023 (N) and Feb 2023 (A, B, C) have their 12 month ends
     * by D (Jan 2024, Feb 2024 are complete); N is back in Dec (+11), A in Jun (+4), C only in Mar
     * 2024 (+13): Jan 1 of 1, Feb 1 of 3. From Mar 2023 on the 12th month end is after D: null.
     * Dissatisfied entrants up to Nov 2023 have their 3 month ends by D (Nov + 3 = Feb 2024): E (Apr)
     * churned in Jul (+3) yes, F (May) only in Sep (+4) no, G (Jun) in Sep (+3) yes; months with
     * no entrant: 0 of 0, rate null. From Dec 2023 on: null.
     * Columns: month stage customers entered new exited won_back_12m win_back_rate lost_3m lost_rate.
     */
    private static final String MONTHLY = """
            2023-01 prospect     0 0 0 0 - - - -
            2023-01 active       4 4 4 0 - - - -
            2023-01 dissatisfied 0 0 0 0 - - 0 -
            2023-01 churned      1 1 1 0 1 1 - -
            2023-01 won_back     0 0 0 0 - - - -
            2023-02 prospect     0 0 0 0 - - - -
            2023-02 active       1 0 0 3 - - - -
            2023-02 dissatisfied 0 0 0 0 - - 0 -
            2023-02 churned      4 3 0 0 1 1/3 - -
            2023-02 won_back     0 0 0 0 - - - -
            2023-03 prospect     0 0 0 0 - - - -
            2023-03 active       3 2 2 0 - - - -
            2023-03 dissatisfied 0 0 0 0 - - 0 -
            2023-03 churned      4 0 0 0 - - - -
            2023-03 won_back     0 0 0 0 - - - -
            2023-04 prospect     0 0 0 0 - - - -
            2023-04 active       1 0 0 2 - - - -
            2023-04 dissatisfied 1 1 0 0 - - 1 1
            2023-04 churned      5 1 0 0 - - - -
            2023-04 won_back     0 0 0 0 - - - -
            2023-05 prospect     0 0 0 0 - - - -
            2023-05 active       1 1 1 1 - - - -
            2023-05 dissatisfied 2 1 0 0 - - 0 0
            2023-05 churned      4 0 0 1 - - - -
            2023-05 won_back     1 1 0 0 - - - -
            2023-06 prospect     0 0 0 0 - - - -
            2023-06 active       1 0 0 0 - - - -
            2023-06 dissatisfied 3 1 1 0 - - 1 1
            2023-06 churned      4 1 0 1 - - - -
            2023-06 won_back     1 1 0 1 - - - -
            2023-07 prospect     1 1 0 0 - - - -
            2023-07 active       1 1 0 1 - - - -
            2023-07 dissatisfied 1 0 0 2 - - 0 -
            2023-07 churned      6 2 0 0 - - - -
            2023-07 won_back     0 0 0 1 - - - -
            2023-08 prospect     1 0 0 0 - - - -
            2023-08 active       2 1 0 0 - - - -
            2023-08 dissatisfied 0 0 0 1 - - 0 -
            2023-08 churned      6 0 0 0 - - - -
            2023-08 won_back     0 0 0 0 - - - -
            2023-09 prospect     1 0 0 0 - - - -
            2023-09 active       0 0 0 2 - - - -
            2023-09 dissatisfied 0 0 0 0 - - 0 -
            2023-09 churned      8 2 0 0 - - - -
            2023-09 won_back     0 0 0 0 - - - -
            2023-10 prospect     1 0 0 0 - - - -
            2023-10 active       0 0 0 0 - - - -
            2023-10 dissatisfied 0 0 0 0 - - 0 -
            2023-10 churned      8 0 0 0 - - - -
            2023-10 won_back     0 0 0 0 - - - -
            2023-11 prospect     1 0 0 0 - - - -
            2023-11 active       0 0 0 0 - - - -
            2023-11 dissatisfied 0 0 0 0 - - 0 -
            2023-11 churned      8 0 0 0 - - - -
            2023-11 won_back     0 0 0 0 - - - -
            2023-12 prospect     1 0 0 0 - - - -
            2023-12 active       1 1 1 0 - - - -
            2023-12 dissatisfied 0 0 0 0 - - - -
            2023-12 churned      7 0 0 1 - - - -
            2023-12 won_back     1 1 0 0 - - - -
            2024-01 prospect     1 0 0 0 - - - -
            2024-01 active       2 1 1 0 - - - -
            2024-01 dissatisfied 0 0 0 0 - - - -
            2024-01 churned      8 1 0 0 - - - -
            2024-01 won_back     0 0 0 1 - - - -
            2024-02 prospect     1 0 0 0 - - - -
            2024-02 active       2 1 1 1 - - - -
            2024-02 dissatisfied 1 1 0 0 - - - -
            2024-02 churned      8 0 0 0 - - - -
            2024-02 won_back     0 0 0 0 - - - -
            2024-03 prospect     1 0 0 0 - - - -
            2024-03 active       1 0 0 1 - - - -
            2024-03 dissatisfied 2 1 0 0 - - - -
            2024-03 churned      7 0 0 1 - - - -
            2024-03 won_back     1 1 0 0 - - - -
            """;

    /** mart_lifecycle_transitions: each change of stage in the table above (a first row is none). */
    private static final String TRANSITIONS = """
            2023-02 active       churned      3
            2023-04 active       churned      1
            2023-04 active       dissatisfied 1
            2023-05 active       dissatisfied 1
            2023-05 churned      won_back     1
            2023-06 churned      won_back     1
            2023-06 won_back     churned      1
            2023-07 active       prospect     1
            2023-07 dissatisfied active       1
            2023-07 dissatisfied churned      1
            2023-07 won_back     churned      1
            2023-08 dissatisfied active       1
            2023-09 active       churned      2
            2023-12 churned      won_back     1
            2024-01 won_back     churned      1
            2024-02 active       dissatisfied 1
            2024-03 active       dissatisfied 1
            2024-03 churned      won_back     1
            """;

    private static final String ORDERS = "(VALUES"
            + " ('A', '2023-01-15', true), ('A', '2023-06-15', true),"
            + " ('B', '2023-01-15', true),"
            + " ('C', '2023-01-15', true), ('C', '2024-03-15', true),"
            + " ('N', '2023-01-05', true), ('N', '2023-12-15', true),"
            + " ('E', '2023-03-15', true), ('E', '2023-04-15', true), ('E', '2023-05-15', true), ('E', '2023-06-15', true),"
            + " ('F', '2023-03-15', true), ('F', '2023-04-15', true), ('F', '2023-05-15', true), ('F', '2023-06-15', true),"
            + " ('F', '2023-07-15', true), ('F', '2023-08-15', true),"
            + " ('G', '2023-06-15', true), ('G', '2023-07-15', true), ('G', '2023-08-15', true),"
            + " ('P', '2023-05-20', false),"
            + " ('W', '2023-01-15', true), ('W', '2023-05-15', true),"
            + " ('K', '2023-12-15', true), ('K', '2024-01-20', true), ('K', '2024-02-15', true), ('K', '2024-03-10', true),"
            + " ('L', '2024-01-15', true), ('L', '2024-02-15', true), ('L', '2024-03-15', true),"
            + " ('H', '2024-02-15', true), ('H', '2024-03-10', true)"
            + ") o(customer_id, order_date, is_purchase)";

    private static final String CONTRACTS = "(VALUES"
            + " ('P', '2023-05-01', '2023-06-30', NULL),"
            + " ('W', '2023-02-01', '2024-12-31', '2023-03-31')"
            + ") c(customer_id, start_date, end_date, cancel_date)";

    private static final String COMPLAINTS = "(VALUES"
            + " ('E', '2023-04-20', true, true, '2023-04-25'),"
            + " ('G', '2023-06-10', false, true, '2023-07-20'),"
            + " ('H', '2024-03-01', false, false, NULL)"
            + ") c(customer_id, received_date, justified, is_closed, resolved_date)";

    private static final String ANSWERS = "(VALUES"
            + " ('F', '2023-05-10', 'NPS', 5),"
            + " ('K', '2024-03-01', 'NPS', 7),"
            + " ('L', '2024-02-20', 'CSAT', 2),"
            + " ('L', '2024-03-01', 'CSAT', 5)"
            + ") s(customer_id, response_date, kind, score)";

    private static final String CUSTOMERS =
            "('A'), ('B'), ('C'), ('N'), ('E'), ('F'), ('G'), ('P'), ('W'), ('K')," + " ('L'), ('H'), ('Q')";

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
    void stagesMonthByMonth() throws Exception {
        star(ORDERS, CONTRACTS, COMPLAINTS, ANSWERS, CUSTOMERS);

        ResultTable t = engine.query("SELECT customer_id, CAST(month_start AS VARCHAR), lifecycle_stage"
                + " FROM fact_customer_month ORDER BY customer_id, month_start");
        // each customer's first month, then one letter per row
        Map<String, String> actual = new TreeMap<>();
        for (List<Object> r : t.rows()) {
            String customer = (String) r.get(0);
            String first = actual.getOrDefault(customer, r.get(1).toString().substring(0, 7) + " ");
            actual.put(customer, first + letter((String) r.get(2)));
        }
        Map<String, String> expected = new TreeMap<>();
        STAGES.forEach((c, s) -> expected.put(c, s.replace(" ", "").replaceFirst("^(\\d{4}-\\d{2})", "$1 ")));
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void lifecycleMonthly() throws Exception {
        star(ORDERS, CONTRACTS, COMPLAINTS, ANSWERS, CUSTOMERS);
        ResultTable t = build("mart_lifecycle_monthly", "month, " + STAGE_ORDER);

        List<String> lines =
                MONTHLY.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        assertThat(t.rows()).hasSize(lines.size());
        for (int r = 0; r < lines.size(); r++) {
            String[] want = lines.get(r).split("\\s+");
            List<Object> row = t.rows().get(r);
            String where = "row " + Arrays.asList(row.toArray());
            assertThat(row.get(t.columnIndex("month"))).as(where).isEqualTo(LocalDate.parse(want[0] + "-01"));
            assertThat(row.get(t.columnIndex("lifecycle_stage"))).as(where).isEqualTo(want[1]);
            String[] counts = {"customers", "entered", "new_customers", "exited"};
            for (int c = 0; c < counts.length; c++) {
                assertThat(((Number) row.get(t.columnIndex(counts[c]))).longValue())
                        .as(where + " " + counts[c])
                        .isEqualTo(Long.parseLong(want[2 + c]));
            }
            assertCount(row.get(t.columnIndex("won_back_12m")), want[6], where + " won_back_12m");
            assertRate(row.get(t.columnIndex("win_back_rate_12m")), want[7], where + " win_back_rate_12m");
            assertCount(row.get(t.columnIndex("lost_3m")), want[8], where + " lost_3m");
            assertRate(row.get(t.columnIndex("lost_rate_3m")), want[9], where + " lost_rate_3m");
            assertThat(row.get(t.columnIndex("is_partial"))).as(where).isEqualTo(want[0].equals("2024-03"));
        }
        assertThat(t.column("as_of_date")).containsOnly(D);
        identities();
    }

    @Test
    void lifecycleTransitions() throws Exception {
        star(ORDERS, CONTRACTS, COMPLAINTS, ANSWERS, CUSTOMERS);
        ResultTable t = build("mart_lifecycle_transitions", "month, from_stage, to_stage");
        List<String> actual = t.rows().stream()
                .map(r -> r.get(t.columnIndex("month")).toString().substring(0, 7) + " "
                        + r.get(t.columnIndex("from_stage")) + " " + r.get(t.columnIndex("to_stage")) + " "
                        + r.get(t.columnIndex("customers")) + " " + r.get(t.columnIndex("is_partial")))
                .toList();
        List<String> expected = TRANSITIONS
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .map(l -> String.join(" ", l.split("\\s+")) + " " + l.startsWith("2024-03"))
                .toList();
        assertThat(actual).containsExactlyElementsOf(expected);
    }

    @Test
    void dsMonthIsMartCustomerValuesStage() throws Exception {
        star(ORDERS, CONTRACTS, COMPLAINTS, ANSWERS, CUSTOMERS);
        build("mart_customer_value", "customer_id");
        // By hand, the stage on D: C won_back (back on D after lapsing), K active (its January gap is
        // no month end; NPS 7 is no low answer), L dissatisfied (CSAT 2 within 90 days), H
        // dissatisfied (open complaint), P prospect (contract over, never bought), Q prospect (no
        // row); everyone else churned.
        ResultTable v = engine.query("SELECT customer_id, lifecycle_stage FROM mart_customer_value ORDER BY 1");
        assertThat(v.rows().stream().map(r -> r.get(0) + "=" + r.get(1)).toList())
                .containsExactly(
                        "A=churned",
                        "B=churned",
                        "C=won_back",
                        "E=churned",
                        "F=churned",
                        "G=churned",
                        "H=dissatisfied",
                        "K=active",
                        "L=dissatisfied",
                        "N=churned",
                        "P=prospect",
                        "Q=prospect",
                        "W=churned");
        // the identity: D's row of fact_customer_month carries the same stage, for everyone with one
        assertThat(engine.query("""
                        SELECT f.customer_id, f.lifecycle_stage, v.lifecycle_stage
                        FROM fact_customer_month f
                        JOIN mart_customer_value v ON v.customer_id = f.customer_id
                        WHERE f.month_start = DATE '2024-03-01' AND f.lifecycle_stage IS DISTINCT FROM v.lifecycle_stage""").rows()).isEmpty();
        assertThat(engine.query("SELECT count(*) FROM fact_customer_month WHERE month_start = DATE '2024-03-01'")
                        .scalar())
                .isEqualTo(12L);
    }

    @Test
    void noComplaintsSurveysOrContractsAndASingleMonth() throws Exception {
        // One month, one buyer; no complaint, answer or contract at all (empty tables): one row per
        // stage, the buyer active and new; no month end after it, so every outcome is null; no move.
        String one = "(VALUES ('Z', '2024-03-10', true)) o(customer_id, order_date, is_purchase)";
        star(one, none(CONTRACTS), none(COMPLAINTS), none(ANSWERS), "('Z')");
        ResultTable t = build("mart_lifecycle_monthly", "month, " + STAGE_ORDER);
        assertThat(t.rows().stream()
                        .map(r ->
                                Arrays.asList(r.subList(2, r.size()).toArray()).toString())
                        .collect(Collectors.toList()))
                .containsExactly(
                        "[true, prospect, 0, 0, 0, 0, null, null, null, null]",
                        "[true, active, 1, 1, 1, 0, null, null, null, null]",
                        "[true, dissatisfied, 0, 0, 0, 0, null, null, null, null]",
                        "[true, churned, 0, 0, 0, 0, null, null, null, null]",
                        "[true, won_back, 0, 0, 0, 0, null, null, null, null]");
        assertThat(build("mart_lifecycle_transitions", "month").rows()).isEmpty();

        // No activity at all (no purchase, no contract): no fact_customer_month row, so no month and
        // no row in either mart (not a row of zeros and NaN)
        star(none(ORDERS), none(CONTRACTS), none(COMPLAINTS), none(ANSWERS), "('Z')");
        assertThat(engine.query("SELECT count(*) FROM fact_customer_month").scalar())
                .isEqualTo(0L);
        assertThat(build("mart_lifecycle_monthly", "month").rows()).isEmpty();
        assertThat(build("mart_lifecycle_transitions", "month").rows()).isEmpty();
    }

    @Test
    void ratesAreNullNotNaNWhenNobodyEntered() throws Exception {
        // Two buyers who never complain and stay active for 14 month ends (a purchase every month):
        // every window of Jan 2023 … Nov 2023 is over, nobody ever became churned or dissatisfied,
        // so won_back_12m and lost_3m are 0 where their window is over and the rates null, never NaN.
        List<String> orders = new ArrayList<>();
        for (YearMonth m = FIRST; !m.isAfter(YearMonth.from(D)); m = m.plusMonths(1)) {
            orders.add("('X', '" + m.atDay(15) + "', true), ('Y', '" + m.atDay(15) + "', true)");
        }
        star(
                "(VALUES " + String.join(", ", orders) + ") o(customer_id, order_date, is_purchase)",
                none(CONTRACTS),
                none(COMPLAINTS),
                none(ANSWERS),
                "('X'), ('Y')");
        ResultTable t = build("mart_lifecycle_monthly", "month, " + STAGE_ORDER);
        assertThat(t.rows()).hasSize(15 * 5);
        assertThat(engine.query("""
                        SELECT count(*) FILTER (WHERE lifecycle_stage = 'active' AND customers = 2),
                               count(*) FILTER (WHERE won_back_12m = 0), count(*) FILTER (WHERE lost_3m = 0),
                               count(*) FILTER (WHERE win_back_rate_12m IS NOT NULL OR lost_rate_3m IS NOT NULL
                                                OR isnan(coalesce(win_back_rate_12m, 0))
                                                OR isnan(coalesce(lost_rate_3m, 0)))
                        FROM mart_lifecycle_monthly""").rows())
                // 15 months active; churned windows over for Jan, Feb 2023; dissatisfied for Jan … Nov 2023
                .containsExactly(List.of(15L, 2L, 11L, 0L));
    }

    // ---------------------------------------------------------------- the identities

    /** Over every month: stocks add up to the rows, entered − exited = the change, moves add up to the flows. */
    private void identities() {
        assertThat(engine.query("""
                        SELECT m.month, m.customers, f.customers
                        FROM (SELECT month, sum(customers) AS customers FROM mart_lifecycle_monthly GROUP BY month) m
                        FULL OUTER JOIN (SELECT month_start AS month, count(*) AS customers FROM fact_customer_month
                                         GROUP BY month_start) f ON f.month = m.month
                        WHERE m.customers IS DISTINCT FROM f.customers""").rows()).isEmpty();
        assertThat(engine.query("""
                        SELECT month, lifecycle_stage FROM mart_lifecycle_monthly
                        QUALIFY customers - coalesce(lag(customers) OVER (PARTITION BY lifecycle_stage ORDER BY month), 0)
                                <> entered - exited""").rows()).isEmpty();
        build("mart_lifecycle_transitions", "month");
        assertThat(engine.query("""
                        SELECT m.month, m.lifecycle_stage
                        FROM mart_lifecycle_monthly m
                        LEFT JOIN (SELECT month, to_stage, sum(customers) AS n FROM mart_lifecycle_transitions
                                   GROUP BY ALL) i ON i.month = m.month AND i.to_stage = m.lifecycle_stage
                        LEFT JOIN (SELECT month, from_stage, sum(customers) AS n FROM mart_lifecycle_transitions
                                   GROUP BY ALL) o ON o.month = m.month AND o.from_stage = m.lifecycle_stage
                        WHERE coalesce(i.n, 0) <> m.entered - m.new_customers OR coalesce(o.n, 0) <> m.exited""").rows()).isEmpty();
    }

    // ---------------------------------------------------------------- fixtures

    private static final String STAGE_ORDER =
            "list_position(['prospect', 'active', 'dissatisfied', 'churned', 'won_back'], lifecycle_stage)";

    /** fact_customer_month built by its star-schema SQL over these facts, every month rebuilt. */
    private void star(String orders, String contracts, String complaints, String answers, String customers)
            throws Exception {
        lakeTable(
                "dim_date",
                "SELECT CAST(d AS DATE) AS date_day, CAST(date_trunc('month', d) AS DATE) AS month_start,"
                        + " last_day(CAST(d AS DATE)) AS month_end"
                        + " FROM generate_series(TIMESTAMP '" + FIRST.atDay(1) + "', TIMESTAMP '" + D
                        + "', INTERVAL 1 DAY) t(d)");
        lakeTable(
                "dim_customer",
                "SELECT customer_id, hash(customer_id) AS customer_key, TIMESTAMP '2022-12-01 00:00:00' AS created_at,"
                        + " true AS is_current FROM (VALUES " + customers + ") c(customer_id)");
        lakeTable(
                "fact_order",
                "SELECT customer_id || '-' || order_date AS order_id, customer_id, CAST(order_date AS DATE) AS order_date,"
                        + " CAST(CASE WHEN is_purchase THEN 10 ELSE 0 END AS DECIMAL(18,4)) AS net_revenue, is_purchase,"
                        + " 'completed' AS status"
                        + " FROM " + orders);
        lakeTable(
                "fact_contract",
                "SELECT customer_id, CAST(start_date AS DATE) AS start_date, CAST(end_date AS DATE) AS end_date,"
                        + " CAST(cancel_date AS DATE) AS cancel_date FROM " + contracts);
        lakeTable(
                "fact_complaint",
                "SELECT customer_id, CAST(received_date AS DATE) AS received_date, justified, is_closed,"
                        + " CAST(resolved_date AS DATE) AS resolved_date, CAST(0 AS DECIMAL(18,2)) AS compensation_amount"
                        + " FROM " + complaints);
        lakeTable(
                "fact_survey_response",
                "SELECT customer_id, CAST(response_date AS DATE) AS response_date,"
                        + " CAST(response_date AS TIMESTAMP) + INTERVAL 12 HOUR AS responded_at, kind,"
                        + " CAST(score AS INT) AS score FROM " + answers);
        // what else mart_customer_value reads: no lines, no models
        lakeTable(
                "dim_product",
                "SELECT CAST(1 AS BIGINT) AS product_key, 'books' AS category,"
                        + " CAST(NULL AS DECIMAL(18,4)) AS unit_cost WHERE false");
        lakeTable("fact_interaction", "SELECT 'x' AS customer_id, DATE '2024-01-01' AS occurred_date WHERE false");
        lakeTable(
                "fact_order_line",
                "SELECT 'x' AS order_id, 'x' AS customer_id, CAST(1 AS BIGINT) AS product_key, 1 AS quantity,"
                        + " CAST(0 AS DECIMAL(18,4)) AS line_revenue, 'completed' AS status WHERE false");
        lakeTable(
                "customer_predictions",
                "SELECT 'x' AS customer_id, 0.0::DOUBLE AS predicted_purchases_12m, 0.0::DOUBLE AS p_alive,"
                        + " 0.0::DOUBLE AS expected_order_value, 0.0::DOUBLE AS predicted_clv_12m WHERE false");
        lakeTable("churn_scores", "SELECT 'x' AS customer_id, 0.0::DOUBLE AS churn_probability WHERE false");

        List<String> months = new ArrayList<>();
        for (YearMonth m = FIRST; !m.isAfter(YearMonth.from(D)); m = m.plusMonths(1)) {
            months.add("'" + m + "'");
        }
        Map<String, String> p = nightParameters();
        p.put("rebuild_months", "(" + String.join(", ", months) + ")");
        String sql = SqlTemplate.load("star/fact_customer_month.sql").render(engine.dialect(), p);
        engine.materialize("fact_customer_month", sql, ParquetTarget.at(dir.resolve("lake/fact_customer_month")));
    }

    /** The same columns, no rows. */
    private static String none(String values) {
        return "(SELECT * FROM " + values + " WHERE false) e";
    }

    private static Map<String, String> nightParameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("as_of_date", "DATE '" + D + "'");
        p.put("as_of_end", "TIMESTAMP '" + D + " 23:59:59.999999'");
        p.put("inactivity_days", "20");
        p.put("complaint_deadline_days", "30");
        p.put("run_id", "'" + D + "'");
        p.put("pii_salt", "'test-salt'");
        return p;
    }

    /** Writes {@code select} to lake/{@code table}/part-0.parquet with a plain DuckDB and registers it. */
    private void lakeTable(String table, String select) throws Exception {
        MartFixture.lakeTable(engine, dir, table, select);
    }

    private ResultTable build(String mart, String orderBy) {
        return MartFixture.build(engine, dir, nightParameters(), mart, orderBy);
    }

    private static String letter(String stage) {
        return switch (stage) {
            case "prospect" -> "p";
            case "active" -> "a";
            case "dissatisfied" -> "d";
            case "churned" -> "c";
            case "won_back" -> "w";
            default -> throw new IllegalArgumentException(stage);
        };
    }

    private static void assertCount(Object actual, String want, String where) {
        if (want.equals("-")) {
            assertThat(actual).as(where).isNull();
        } else {
            assertThat(((Number) actual).longValue()).as(where).isEqualTo(Long.parseLong(want));
        }
    }

    private static void assertRate(Object actual, String want, String where) {
        if (want.equals("-")) {
            assertThat(actual).as(where).isNull();
            return;
        }
        String[] fraction = want.split("/");
        double w = fraction.length == 1
                ? Double.parseDouble(fraction[0])
                : Double.parseDouble(fraction[0]) / Double.parseDouble(fraction[1]);
        assertThat(actual).as(where).isInstanceOf(Double.class);
        assertThat((Double) actual).as(where).isCloseTo(w, within(1e-12));
    }
}
