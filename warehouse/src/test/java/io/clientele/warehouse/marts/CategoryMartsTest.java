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
 * The category measures (docs/contract.md §4.12) on DuckDB, as {@link MetricMartsTest} does
 * it: mart_cross_sell_monthly, and category_breadth and top_category of mart_customer_value,
 * from a small star-schema fixture written as Parquet, every expected number worked out by
 * hand below.
 *
 * <pre>
 * products: PB books, PG garden, PT toys, PX no category; one line names no product.
 * D = 2024-03-15. Orders (line revenue = quantity × unit price, no discounts):
 *   O1  X 2023-11-20 cancelled  PT 1 × 40                    not a purchase: first ORDER month is Nov
 *   O2  B 2023-12-05 completed  PB 2 × 25 = 50
 *   O3  C 2023-12-10 completed  PB 1 × 100
 *   O4  T 2023-12-20 completed  PB 1 × 60, PG 2 × 30 = 60, PT 1 × 40   (books and garden tie at 60)
 *   O5  C 2024-01-08 completed  PG 1 × 70, PB 1 × 20          garden new to C: a cross-sell
 *   O6  R 2024-01-12 completed  PB 1 × 50, PG −1 × 20 (a return line)   net 30: a purchase; garden NOT bought
 *   O7  X 2024-01-15 completed  PB 1 × 30                     X's first purchase (O1 was cancelled)
 *   O8  U 2024-01-20 completed  PX 1 × 40, no product 1 × 10  a buyer without a category
 *   O9  B 2024-02-03 completed  PB 1 × 25                     repeat buyer, same category
 *   O10 R 2024-02-14 completed  PG 1 × 60                     garden new to R (the January return is no purchase)
 *   O11 X 2024-02-25 completed  PT 1 × 45                     toys new to X (the cancelled O1 is no purchase)
 *   O12 W 2024-02-10 returned   PT 1 × 80                     not a purchase: W never bought
 *   O13 A 2024-03-02 completed  PB 1 × 15, PG 1 × 20          first-time buyer in two categories
 *   O14 U 2024-03-05 completed  PX 1 × 20                     repeat buyer, still no category
 *   O15 C 2024-03-10 completed  PG 1 × 10                     repeat buyer, garden not new
 * </pre>
 */
class CategoryMartsTest {

    private static final LocalDate D = LocalDate.of(2024, 3, 15);

    private static final String PRODUCTS = "(VALUES (CAST(1 AS BIGINT), 'PB', 'books'), (2, 'PG', 'garden'),"
            + " (3, 'PT', 'toys'), (4, 'PX', NULL)) p(product_key, product_id, category)";

    private static final String LINES = "(VALUES"
            + " ('O1', 1, 'X', '2023-11-20', 'cancelled', 'PT', 1, 40),"
            + " ('O2', 1, 'B', '2023-12-05', 'completed', 'PB', 2, 25),"
            + " ('O3', 1, 'C', '2023-12-10', 'completed', 'PB', 1, 100),"
            + " ('O4', 1, 'T', '2023-12-20', 'completed', 'PB', 1, 60),"
            + " ('O4', 2, 'T', '2023-12-20', 'completed', 'PG', 2, 30),"
            + " ('O4', 3, 'T', '2023-12-20', 'completed', 'PT', 1, 40),"
            + " ('O5', 1, 'C', '2024-01-08', 'completed', 'PG', 1, 70),"
            + " ('O5', 2, 'C', '2024-01-08', 'completed', 'PB', 1, 20),"
            + " ('O6', 1, 'R', '2024-01-12', 'completed', 'PB', 1, 50),"
            + " ('O6', 2, 'R', '2024-01-12', 'completed', 'PG', -1, 20),"
            + " ('O7', 1, 'X', '2024-01-15', 'completed', 'PB', 1, 30),"
            + " ('O8', 1, 'U', '2024-01-20', 'completed', 'PX', 1, 40),"
            + " ('O8', 2, 'U', '2024-01-20', 'completed', NULL, 1, 10),"
            + " ('O9', 1, 'B', '2024-02-03', 'completed', 'PB', 1, 25),"
            + " ('O10', 1, 'R', '2024-02-14', 'completed', 'PG', 1, 60),"
            + " ('O11', 1, 'X', '2024-02-25', 'completed', 'PT', 1, 45),"
            + " ('O12', 1, 'W', '2024-02-10', 'returned', 'PT', 1, 80),"
            + " ('O13', 1, 'A', '2024-03-02', 'completed', 'PB', 1, 15),"
            + " ('O13', 2, 'A', '2024-03-02', 'completed', 'PG', 1, 20),"
            + " ('O14', 1, 'U', '2024-03-05', 'completed', 'PX', 1, 20),"
            + " ('O15', 1, 'C', '2024-03-10', 'completed', 'PG', 1, 10)"
            + ") l(order_id, line_no, customer_id, order_date, status, product_id, quantity, unit_price)";

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
    void crossSellMonthly() throws Exception {
        orders(LINES, PRODUCTS);
        dimDate();

        ResultTable t = build("mart_cross_sell_monthly", "month");

        // Buyers (a purchase in the month) and their category purchases, breadth at the month's end:
        //   Nov: nobody (O1 cancelled); the month is kept because O1 is the first order.
        //   Dec: B books (first), C books (first), T books, garden, toys (first)
        //        → buyers 3, first-time 3, repeat 0; new-category buyers B, C, T = 3, cross-sell 0,
        //          rate null (no repeat buyer); breadth B 1, C 1, T 3 → 5 / 3.
        //   Jan: C garden (repeat, new), R books (first; the garden return line is no purchase),
        //        X books (first: O1 was cancelled), U nothing categorised (first)
        //        → buyers 4, first-time 3, repeat 1; new C, R, X = 3; cross-sell C = 1 → 1 / 1;
        //          breadth C 2, R 1, X 1, U 0 → 4 / 4 = 1.
        //   Feb: B books (repeat, not new), R garden (repeat, new), X toys (repeat, new); W's order
        //        was returned → buyers 3, first-time 0, repeat 3; new R, X = 2; cross-sell 2 → 2 / 3;
        //          breadth B 1, R 2, X 2 → 5 / 3.
        //   Mar (D's, partial): A books, garden (first, new), U PX (repeat, none), C garden (repeat, not new)
        //        → buyers 3, first-time 1, repeat 2; new A = 1; cross-sell 0 → 0 / 2 = 0;
        //          breadth A 2, U 0, C 2 → 4 / 3.
        assertRows(
                t,
                List.of(
                        "month",
                        "buyers",
                        "first_time_buyers",
                        "repeat_buyers",
                        "new_category_buyers",
                        "cross_sell_buyers",
                        "cross_sell_rate",
                        "avg_category_breadth",
                        "is_partial"),
                List.of(
                        row("2023-11-01", 0, 0, 0, 0, 0, null, null, false),
                        row("2023-12-01", 3, 3, 0, 3, 0, null, 5.0 / 3, false),
                        row("2024-01-01", 4, 3, 1, 3, 1, 1.0, 1.0, false),
                        row("2024-02-01", 3, 0, 3, 2, 2, 2.0 / 3, 5.0 / 3, false),
                        row("2024-03-01", 3, 1, 2, 1, 0, 0.0, 4.0 / 3, true)));
        assertThat(t.column("as_of_date")).containsOnly(D);
    }

    @Test
    void customerValueCategoryColumns() throws Exception {
        orders(LINES, PRODUCTS);
        customerValueInputs("('A'), ('B'), ('C'), ('P'), ('R'), ('T'), ('U'), ('W'), ('X')");

        ResultTable t = build("mart_customer_value", "customer_id");

        // Net revenue per category over the purchases' lines (returns included), breadth = categories
        // with a line of quantity and revenue above zero in a purchase:
        //   A books 15, garden 20                   → 2, garden
        //   B books 50 + 25 = 75                    → 1, books
        //   C books 100 + 20 = 120, garden 70 + 10   → 2, books
        //   P no order                               → 0, null
        //   R books 50, garden −20 + 60 = 40         → 2, books (garden would win, 60, were the return ignored)
        //   T books 60, garden 60, toys 40           → 3, books (the tie goes to 'books' < 'garden')
        //   U PX and a line without product only     → 0, null (a buyer, orders 2, revenue 50 + 20 = 70)
        //   W returned order only                    → 0, null
        //   X books 30, toys 45 (cancelled 40 not)   → 2, toys
        assertRows(
                t,
                List.of("customer_id", "orders", "revenue", "category_breadth", "top_category"),
                List.of(
                        row("A", 1, "35.00", 2, "garden"),
                        row("B", 2, "75.00", 1, "books"),
                        row("C", 3, "200.00", 2, "books"),
                        row("P", 0, "0.00", 0, null),
                        row("R", 2, "90.00", 2, "books"),
                        row("T", 1, "160.00", 3, "books"),
                        row("U", 2, "70.00", 0, null),
                        row("W", 0, "0.00", 0, null),
                        row("X", 2, "75.00", 2, "toys")));
        // the new columns come after the older ones, so that no existing column moves
        List<String> columns = t.columns();
        assertThat(columns.subList(columns.indexOf("segment_annual_churn_rate"), columns.indexOf("top_category") + 1))
                .containsExactly("segment_annual_churn_rate", "category_breadth", "top_category");
    }

    @Test
    void noPurchaseInACategoryGivesZerosAndNullsNotNaN() throws Exception {
        // No orders at all: no month, and every customer has breadth 0 and no top category.
        String noLines = "(SELECT * FROM " + LINES + " WHERE false) l";
        orders(noLines, PRODUCTS);
        dimDate();
        assertThat(build("mart_cross_sell_monthly", "month").rows()).isEmpty();
        customerValueInputs("('A'), ('P')");
        assertRows(
                build("mart_customer_value", "customer_id"),
                List.of("customer_id", "orders", "category_breadth", "top_category"),
                List.of(row("A", 0, 0, null), row("P", 0, 0, null)));

        // One month, one buyer of an uncategorised product (and a cancelled order): one row, the
        // buyer is first-time, nobody is a repeat buyer → rate null; breadth 0 / 1 = 0.
        orders(
                "(VALUES ('O1', 1, 'Q', '2024-03-01', 'completed', 'PX', 1, 10),"
                        + " ('O2', 1, 'Q', '2024-03-02', 'cancelled', 'PB', 1, 10))"
                        + " l(order_id, line_no, customer_id, order_date, status, product_id, quantity, unit_price)",
                "(VALUES (CAST(1 AS BIGINT), 'PB', CAST(NULL AS VARCHAR)), (4, 'PX', NULL)) p(product_key, product_id,"
                        + " category)");
        assertRows(
                build("mart_cross_sell_monthly", "month"),
                List.of(
                        "month",
                        "buyers",
                        "first_time_buyers",
                        "repeat_buyers",
                        "new_category_buyers",
                        "cross_sell_buyers",
                        "cross_sell_rate",
                        "avg_category_breadth",
                        "is_partial"),
                List.of(row("2024-03-01", 1, 1, 0, 0, 0, null, 0.0, true)));
    }

    // ---------------------------------------------------------------- fixtures

    /** fact_order_line, fact_order and dim_product from order lines and products as above. */
    private void orders(String lines, String products) throws Exception {
        lakeTable(
                "dim_product",
                "SELECT product_key, product_id, CAST(category AS VARCHAR) AS category,"
                        + " CAST(NULL AS DECIMAL(18,4)) AS unit_cost FROM " + products);
        lakeTable(
                "fact_order_line",
                "SELECT l.order_id, CAST(l.line_no AS INT) AS line_no, l.customer_id, CAST(l.product_id AS VARCHAR) AS"
                        + " product_id, p.product_key, CAST(l.order_date AS DATE) AS order_date, l.status,"
                        + " CAST(l.quantity AS INT) AS quantity, CAST(l.unit_price AS DECIMAL(18,4)) AS unit_price,"
                        + " CAST(l.quantity * l.unit_price AS DECIMAL(18,4)) AS line_revenue, l.quantity < 0 AS is_return"
                        + " FROM " + lines + " LEFT JOIN " + products + " ON p.product_id = l.product_id");
        // fact_order as its SQL computes it: net revenue = Σ line revenue; a purchase = completed and net > 0
        lakeTable(
                "fact_order",
                "SELECT order_id, customer_id, CAST(order_date AS DATE) AS order_date, status,"
                        + " CAST(SUM(quantity * unit_price) AS DECIMAL(18,4)) AS net_revenue,"
                        + " status = 'completed' AND SUM(quantity * unit_price) > 0 AS is_purchase"
                        + " FROM " + lines + " GROUP BY order_id, customer_id, order_date, status");
    }

    /** The other tables mart_customer_value reads: the customers, and nothing else (no activity, no models). */
    private void customerValueInputs(String customerIds) throws Exception {
        lakeTable(
                "dim_customer",
                "SELECT customer_id, TIMESTAMP '2023-01-01 00:00:00' AS created_at, true AS is_current FROM (VALUES "
                        + customerIds + ") c(customer_id)");
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
        lakeTable("fact_interaction", "SELECT 'x' AS customer_id, DATE '2024-01-01' AS occurred_date WHERE false");
    }

    /** The days from 2023-11-01 to D, as dim_date has them (the marts read month_start and month_end). */
    private void dimDate() throws Exception {
        lakeTable(
                "dim_date",
                "SELECT CAST(d AS DATE) AS date_day, CAST(date_trunc('month', d) AS DATE) AS month_start,"
                        + " last_day(CAST(d AS DATE)) AS month_end"
                        + " FROM generate_series(TIMESTAMP '2023-11-01', TIMESTAMP '" + D + "', INTERVAL 1 DAY) t(d)");
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
