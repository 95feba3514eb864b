package io.clientele.warehouse.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link Engine} promises, checked on real Parquet files: one subclass per engine
 * runs the same cases. Inputs are written, and outputs read back, by a separate DuckDB JDBC
 * connection, so a case does not take its answer from the engine under test.
 */
abstract class EngineContractTest {

    @TempDir
    Path dir;

    Engine engine;

    /** Opens the engine under test, with its scratch space under {@code scratch}. */
    abstract Engine open(Path scratch);

    @BeforeEach
    void start() {
        engine = open(dir.resolve("scratch"));
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    /** Five orders over three months, written by plain DuckDB (not the engine under test). */
    private static final String ORDERS = "SELECT * FROM (VALUES"
            + " (1, 'c1', DATE '2024-01-05', TIMESTAMP '2024-01-05 10:00:00', CAST(10.50 AS DECIMAL(18,2)), true,  '2024-01'),"
            + " (2, 'c2', DATE '2024-01-31', TIMESTAMP '2024-01-31 23:59:59', CAST(20.00 AS DECIMAL(18,2)), false, '2024-01'),"
            + " (3, 'c1', DATE '2024-02-29', TIMESTAMP '2024-02-29 00:00:00', CAST(5.25 AS DECIMAL(18,2)),  true,  '2024-02'),"
            + " (4, 'c3', DATE '2024-03-01', TIMESTAMP '2024-03-01 12:30:00', CAST(100.00 AS DECIMAL(18,2)), true, '2024-03'),"
            + " (5, 'c2', DATE '2024-03-31', TIMESTAMP '2024-03-31 08:00:00', CAST(1.00 AS DECIMAL(18,2)),  NULL,  '2024-03')"
            + ") t(order_id, customer_id, order_date, order_ts, amount, paid, month)";

    private Path ordersFile() throws Exception {
        Path file = dir.resolve("input/orders.parquet");
        Files.createDirectories(file.getParent());
        duckdb("COPY (" + ORDERS + ") TO " + ParquetDirectory.literal(file) + " (FORMAT parquet)");
        return file;
    }

    @Test
    void aRegisteredParquetFileIsQueryableWithItsTypes() throws Exception {
        engine.registerParquet("orders", ordersFile());
        // 10.50 + 20.00 + 5.25 + 100.00 + 1.00 = 136.75; paid: orders 1, 3, 4 (5 is NULL, not false)
        ResultTable t = engine.query("SELECT count(*) AS n, sum(amount) AS total,"
                + " sum(CASE WHEN paid THEN 1 ELSE 0 END) AS paid FROM orders");
        assertThat(((Number) t.value(0, "n")).longValue()).isEqualTo(5);
        assertThat((BigDecimal) t.value(0, "total")).isEqualByComparingTo("136.75");
        assertThat(((Number) t.value(0, "paid")).longValue()).isEqualTo(3);
        ResultTable row = engine.query("SELECT order_date, order_ts, amount, paid FROM orders WHERE order_id = 3");
        assertThat(row.rows())
                .containsExactly(List.of(
                        LocalDate.of(2024, 2, 29), LocalDateTime.of(2024, 2, 29, 0, 0), new BigDecimal("5.25"), true));
    }

    @Test
    void aRegisteredDirectoryReadsAllItsFiles() throws Exception {
        Path table = dir.resolve("input/two_files");
        Files.createDirectories(table);
        duckdb("COPY (SELECT * FROM (" + ORDERS + ") WHERE order_id <= 2) TO "
                + ParquetDirectory.literal(table.resolve("a.parquet")) + " (FORMAT parquet)");
        duckdb("COPY (SELECT * FROM (" + ORDERS + ") WHERE order_id > 2) TO "
                + ParquetDirectory.literal(table.resolve("b.parquet")) + " (FORMAT parquet)");
        engine.registerParquet("orders", table);
        // ids 1..5 across both files: 1+2+3+4+5 = 15
        assertThat(((Number) engine.query("SELECT sum(order_id) FROM orders").scalar()).longValue())
                .isEqualTo(15);
    }

    @Test
    void anEmptyDirectoryRegistersNothingAndIsNoError() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("input/empty"));
        engine.registerParquet("nothing", empty);
        assertThatThrownBy(() -> engine.query("SELECT count(*) FROM nothing")).isInstanceOf(Exception.class);
    }

    @Test
    void materializeWithoutTargetKeepsTheResultQueryableAndCountsIt() throws Exception {
        engine.registerParquet("orders", ordersFile());
        // c1: 10.50 + 5.25 = 15.75; c2: 20.00 + 1.00 = 21.00; c3: 100.00 -> 3 rows
        long rows = engine.materialize(
                "by_customer", "SELECT customer_id, sum(amount) AS total FROM orders GROUP BY customer_id", null);
        assertThat(rows).isEqualTo(3);
        ResultTable t = engine.query("SELECT customer_id, total FROM by_customer ORDER BY customer_id");
        assertThat(t.column("customer_id")).containsExactly("c1", "c2", "c3");
        assertThat(t.column("total"))
                .usingElementComparator((a, b) -> ((BigDecimal) a).compareTo((BigDecimal) b))
                .containsExactly(new BigDecimal("15.75"), new BigDecimal("21.00"), new BigDecimal("100.00"));
    }

    @Test
    void materializeWritesParquetThatAnotherReaderSees() throws Exception {
        engine.registerParquet("orders", ordersFile());
        Path target = dir.resolve("lake/big_orders");
        // amount >= 10: orders 1 (10.50), 2 (20.00), 4 (100.00)
        long rows = engine.materialize(
                "big_orders",
                "SELECT order_id, order_date, amount FROM orders WHERE amount >= 10",
                ParquetTarget.at(target));
        assertThat(rows).isEqualTo(3);
        assertThat(duckdbRows("SELECT order_id, order_date, CAST(amount AS VARCHAR) FROM read_parquet("
                        + ParquetDirectory.literal(target.resolve("**").resolve("*.parquet")) + ") ORDER BY order_id"))
                .containsExactly(
                        List.of(1L, LocalDate.of(2024, 1, 5), "10.50"),
                        List.of(2L, LocalDate.of(2024, 1, 31), "20.00"),
                        List.of(4L, LocalDate.of(2024, 3, 1), "100.00"));
        // and the engine's own name reads the written table
        assertThat(((Number) engine.query("SELECT max(order_id) FROM big_orders")
                                .scalar())
                        .longValue())
                .isEqualTo(4);
    }

    @Test
    void aPartitionedWriteMakesOneDirectoryPerMonthAndReadsBackWithoutTheKey() throws Exception {
        engine.registerParquet("orders", ordersFile());
        Path target = dir.resolve("lake/fact_order");
        long rows = engine.materialize(
                "fact_order", "SELECT order_id, amount, month FROM orders", ParquetTarget.partitioned(target, "month"));
        assertThat(rows).isEqualTo(5);
        assertThat(partitionDirectories(target)).containsExactly("month=2024-01", "month=2024-02", "month=2024-03");
        // per month, read straight from the files: 2024-01 orders 1, 2; 2024-02 order 3; 2024-03 orders 4, 5
        assertThat(idsIn(target.resolve("month=2024-01"))).containsExactly(1L, 2L);
        assertThat(idsIn(target.resolve("month=2024-02"))).containsExactly(3L);
        assertThat(idsIn(target.resolve("month=2024-03"))).containsExactly(4L, 5L);
        // read back by the engine, under its name and registered afresh: all five rows, amounts intact
        // (10.50 + 20.00 + 5.25 + 100.00 + 1.00 = 136.75)
        engine.registerParquet("again", target);
        for (String name : List.of("fact_order", "again")) {
            ResultTable t = engine.query("SELECT order_id, amount FROM " + name + " ORDER BY order_id");
            assertThat(t.column("order_id"))
                    .as(name)
                    .extracting(v -> ((Number) v).longValue())
                    .containsExactly(1L, 2L, 3L, 4L, 5L);
            assertThat((BigDecimal)
                            engine.query("SELECT sum(amount) FROM " + name).scalar())
                    .as(name)
                    .isEqualByComparingTo("136.75");
        }
    }

    /**
     * Engine.registerParquet and ParquetDirectory.hivePartitionKeys promise that a table partitioned by
     * a derived column (a fact's month) reads without it, so that it reads the same partitioned or not.
     */
    @Test
    void thePartitionKeyIsNoColumnOfTheTableReadBack() throws Exception {
        engine.registerParquet("orders", ordersFile());
        Path target = dir.resolve("lake/fact_order");
        engine.materialize(
                "fact_order", "SELECT order_id, amount, month FROM orders", ParquetTarget.partitioned(target, "month"));
        assertThat(engine.query("SELECT * FROM fact_order").columns()).containsExactly("order_id", "amount");
        engine.registerParquet("again", target);
        assertThat(engine.query("SELECT * FROM again").columns()).containsExactly("order_id", "amount");
    }

    @Test
    void materializingAgainReplacesTheWholeTargetStalePartitionsIncluded() throws Exception {
        engine.registerParquet("orders", ordersFile());
        Path target = dir.resolve("lake/fact_order");
        engine.materialize(
                "fact_order", "SELECT order_id, amount, month FROM orders", ParquetTarget.partitioned(target, "month"));
        // the night rewrites February only, with new amounts: January and March must not survive
        long rows = engine.materialize(
                "fact_order",
                "SELECT order_id, amount * 2 AS amount, month FROM orders WHERE month = '2024-02'",
                ParquetTarget.partitioned(target, "month"));
        assertThat(rows).isEqualTo(1);
        assertThat(partitionDirectories(target)).containsExactly("month=2024-02");
        // order 3: 5.25 * 2 = 10.50
        assertThat(duckdbRows("SELECT order_id, CAST(amount AS DECIMAL(18,2)) FROM read_parquet("
                        + ParquetDirectory.literal(target.resolve("**").resolve("*.parquet")) + ")"))
                .containsExactly(List.of(3L, new BigDecimal("10.50")));
        engine.registerParquet("fact_order", target);
        assertThat(((Number) engine.query("SELECT count(*) FROM fact_order").scalar()).longValue())
                .isEqualTo(1);
        assertThat(Files.list(target.getParent())
                        .map(p -> p.getFileName().toString())
                        .toList())
                .as("no staging or old directory left beside the table")
                .containsExactly("fact_order");
    }

    @Test
    void anEmptyPartitionedResultStillLeavesItsSchema() throws Exception {
        engine.registerParquet("orders", ordersFile());
        Path target = dir.resolve("lake/none");
        long rows = engine.materialize(
                "none",
                "SELECT order_id, amount, month FROM orders WHERE order_id > 99",
                ParquetTarget.partitioned(target, "month"));
        assertThat(rows).isZero();
        engine.registerParquet("none_again", target);
        ResultTable t = engine.query("SELECT * FROM none_again");
        assertThat(t.columns()).containsExactly("order_id", "amount");
        assertThat(t.rows()).isEmpty();
    }

    @Test
    void aViewFollowsItsInputAndDropForgetsNames() throws Exception {
        engine.registerParquet("orders", ordersFile());
        engine.createView("march", "SELECT order_id FROM orders WHERE month = '2024-03'");
        // March: orders 4 and 5
        assertThat(engine.query("SELECT order_id FROM march ORDER BY order_id").column("order_id"))
                .extracting(v -> ((Number) v).longValue())
                .containsExactly(4L, 5L);
        engine.drop("march");
        assertThatThrownBy(() -> engine.query("SELECT * FROM march")).isInstanceOf(Exception.class);
        engine.drop("never_registered");
        engine.materialize("kept", "SELECT 1 AS one", null);
        engine.drop("kept");
        assertThatThrownBy(() -> engine.query("SELECT * FROM kept")).isInstanceOf(Exception.class);
    }

    /** A failing statement comes back as an EngineException carrying the SQL, whichever the engine. */
    @Test
    void aBadQueryIsAnEngineException() {
        assertThatThrownBy(() -> engine.query("SELECT no_such_column FROM (SELECT 1 AS one) t"))
                .isInstanceOf(EngineException.class);
    }

    private static List<String> partitionDirectories(Path table) throws Exception {
        try (Stream<Path> children = Files.list(table)) {
            return children.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .toList();
        }
    }

    private List<Long> idsIn(Path partition) throws Exception {
        return duckdbRows("SELECT order_id FROM read_parquet("
                        + ParquetDirectory.literal(partition.resolve("*.parquet")) + ") ORDER BY order_id")
                .stream()
                .map(r -> (Long) r.get(0))
                .toList();
    }

    /** Runs a statement on a separate, plain DuckDB. */
    static void duckdb(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Rows read by a separate, plain DuckDB; integers widened to Long, dates as LocalDate. */
    static List<List<Object>> duckdbRows(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            List<List<Object>> rows = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    Object v = rs.getObject(i);
                    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
                        v = ((Number) v).longValue();
                    } else if (v instanceof java.sql.Date d) {
                        v = d.toLocalDate();
                    }
                    row.add(v);
                }
                rows.add(row);
            }
            return rows;
        }
    }
}
