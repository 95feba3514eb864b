package io.clientele.jobs.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.jobs.PublishedWarehouse;
import io.clientele.jobs.cli.ClienteleCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A night on an extract of bench/ShapedExtract.java, not the demo's: 36-character ids, five
 * versions of every customer and order, every order line sent twice, one month, half the
 * customers prospects, rows in time order. The published tables must reconcile with what a
 * plain DuckDB query counts in the CSV files themselves: one row per natural key, each the
 * latest version (by updated_at, else the later line).
 */
class ShapedExtractNightTest {

    private static final String SHAPES = "uuid,versions,repeated,one-month,prospects,time-sorted";

    @TempDir
    Path dir;

    @Test
    void aNightOnAShapedExtractKeepsTheLatestVersionOfEveryKey() throws Exception {
        Path inbox = dir.resolve("inbox");
        generate(inbox, 2_000, SHAPES);
        Path warehouse = dir.resolve("wh");
        assertThat(ClienteleCli.execute(
                        "run",
                        "--date",
                        "2026-10-31",
                        "--inbox",
                        inbox.toString(),
                        "--warehouse",
                        warehouse.toString()))
                .isZero();
        PublishedWarehouse wh = new PublishedWarehouse(warehouse);

        // customers: one current dim_customer row per customer id, with the latest version's city
        assertThat(one(wh, "SELECT count(*) FROM dim_customer WHERE is_current"))
                .isEqualTo(csv(inbox, "SELECT count(DISTINCT customer_id) FROM customers"))
                .isEqualTo("2000");
        assertThat(one(
                        wh,
                        "SELECT string_agg(customer_id || ':' || city, ',' ORDER BY customer_id) FROM dim_customer"
                                + " WHERE is_current"))
                .isEqualTo(
                        csv(
                                inbox,
                                "SELECT string_agg(customer_id || ':' || city, ',' ORDER BY customer_id) FROM"
                                        + " (SELECT customer_id, arg_max(city, updated_at) AS city FROM customers GROUP BY 1)"));
        // orders: one row per order id, with the status of its latest version
        assertThat(one(wh, "SELECT count(*) FROM fact_order"))
                .isEqualTo(csv(inbox, "SELECT count(DISTINCT order_id) FROM orders"));
        assertThat(one(wh, "SELECT string_agg(order_id || ':' || status, ',' ORDER BY order_id) FROM fact_order"))
                .isEqualTo(csv(
                        inbox,
                        "SELECT string_agg(order_id || ':' || status, ',' ORDER BY order_id) FROM"
                                + " (SELECT order_id, arg_max(status, updated_at) AS status FROM orders GROUP BY 1)"));
        // order lines, each sent twice: one row per (order_id, line_no), the later line's quantity
        assertThat(one(wh, "SELECT count(*) || ' ' || sum(quantity) FROM fact_order_line"))
                .isEqualTo(csv(
                        inbox,
                        "SELECT count(*) || ' ' || sum(quantity) FROM (SELECT order_id, line_no,"
                                + " arg_max(quantity, n) AS quantity FROM (SELECT *, row_number() OVER () AS n FROM order_lines)"
                                + " GROUP BY ALL)"));
        // half the customers never ordered
        assertThat(one(wh, "SELECT count(DISTINCT customer_id) FROM fact_order"))
                .isEqualTo(csv(inbox, "SELECT count(DISTINCT customer_id) FROM orders"))
                .isEqualTo("1000");
    }

    /** Runs the generator as the benchmarks do: {@code java bench/ShapedExtract.java}. */
    static void generate(Path out, int customers, String shapes) throws IOException, InterruptedException {
        Path source =
                Path.of("..", "bench", "ShapedExtract.java").toAbsolutePath().normalize();
        if (!Files.exists(source)) {
            source = Path.of("bench", "ShapedExtract.java").toAbsolutePath();
        }
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        source.toString(),
                        "--customers",
                        Integer.toString(customers),
                        "--shape",
                        shapes,
                        "--out",
                        out.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir(out).resolve("generator.log").toFile())
                .start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue())
                .as(Files.readString(dir(out).resolve("generator.log")))
                .isZero();
    }

    private static Path dir(Path out) throws IOException {
        return Files.createDirectories(out.getParent());
    }

    private static String one(PublishedWarehouse wh, String sql) {
        List<List<String>> rows = wh.rows(sql);
        assertThat(rows).hasSize(1);
        return rows.get(0).get(0);
    }

    /** One value of a plain DuckDB query over the CSV files, each a view named as its source. */
    private static String csv(Path inbox, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            s.execute("SET threads = 1"); // row_number() OVER () then numbers the rows in file order
            for (String source : List.of("customers", "orders", "order_lines")) {
                s.execute("CREATE VIEW " + source + " AS SELECT * FROM read_csv('"
                        + inbox.resolve(source + ".csv").toString().replace("'", "''") + "', header = true)");
            }
            try (ResultSet rs = s.executeQuery(sql)) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }
}
