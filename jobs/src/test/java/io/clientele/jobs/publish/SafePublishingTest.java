package io.clientele.jobs.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.clientele.jobs.ClienteleProcess;
import io.clientele.jobs.cli.ClienteleCli;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publishing never blocks on readers and never shows them a half-built warehouse: a
 * dashboard holding the DuckDB file open read-only while the next night publishes goes on
 * seeing the previous night, whole and consistent (marts and lake views alike), and a
 * connection opened afterwards sees the new night.
 */
class SafePublishingTest {

    static final Path FIXTURE =
            Path.of("src/test/resources/fixtures/three-months").toAbsolutePath();

    /** What a dashboard reads, across mart tables, lake views and the info table. */
    static final List<String> QUERIES = List.of(
            "SELECT as_of_date FROM warehouse_info",
            "SELECT count(*), sum(line_revenue) FROM fact_order_line",
            "SELECT count(*), count(DISTINCT customer_id) FROM dim_customer",
            "SELECT count(*), max(month_start) FROM fact_customer_month",
            "SELECT count(*), sum(revenue), max(last_purchase_date) FROM mart_customer_value",
            "SELECT month, customers_start, customers_end, lost_customers FROM mart_churn_monthly"
                    + " WHERE segment_kind = 'all' ORDER BY month",
            "SELECT cohort_month, months_since_first, active_customers FROM mart_cohort_retention ORDER BY 1, 2",
            // lake and marts of one night agree: every valued customer has its current dim_customer row
            "SELECT count(*) FROM mart_customer_value m JOIN dim_customer d ON d.customer_id = m.customer_id"
                    + " AND d.is_current");

    @TempDir
    Path warehouse;

    @Test
    void aReaderHoldingTheFileKeepsTheOldNightAndANewReaderSeesTheNewOne() throws Exception {
        assertThat(ClienteleCli.execute(
                        "run",
                        "--date",
                        "2026-02-15",
                        "--inbox",
                        FIXTURE.toString(),
                        "--warehouse",
                        warehouse.toString()))
                .isZero();
        try (Connection old = readOnly()) {
            Map<String, List<String>> before = read(old);
            assertThat(before.get(QUERIES.get(0))).containsExactly("2026-02-15");
            // independent of the warehouse: order lines of orders stamped by the end of each night, from the CSV
            assertThat(before.get(QUERIES.get(1)).get(0)).startsWith(linesUpTo("2026-02-15") + "|");
            assertThat(before.get(QUERIES.get(7)))
                    .isEqualTo(List.of(before.get(QUERIES.get(4)).get(0).split("\\|")[0]));

            // the next night, different data (six more weeks of events), while the reader holds the file
            int exit = assertTimeoutPreemptively(
                    Duration.ofMinutes(3),
                    () -> ClienteleCli.execute(
                            "run",
                            "--date",
                            "2026-04-02",
                            "--inbox",
                            FIXTURE.toString(),
                            "--warehouse",
                            warehouse.toString()));
            assertThat(exit).isZero();

            assertThat(read(old)).isEqualTo(before);

            // a reader that opens the file now, in another process (as dashboards are), sees the new night;
            // within this JVM DuckDB would hand out the instance the open connection holds (see the README)
            ClienteleProcess reader = ClienteleProcess.start(
                    warehouse.resolve("logs"),
                    "reader",
                    "query",
                    "--format",
                    "csv",
                    "--warehouse",
                    warehouse.toString(),
                    "SELECT (SELECT as_of_date FROM warehouse_info) AS as_of, (SELECT count(*) FROM fact_order_line) AS lines");
            assertThat(reader.waitFor(120)).as(reader.err()).isZero();
            assertThat(reader.out().lines().toList())
                    .containsExactly("as_of,lines", "2026-04-02," + linesUpTo("2026-04-02"));
            assertThat(linesUpTo("2026-04-02")).isGreaterThan(linesUpTo("2026-02-15"));
        }
        // and once the old reader closed, a new connection in this process sees it too
        try (Connection fresh = readOnly()) {
            Map<String, List<String>> after = read(fresh);
            assertThat(after.get(QUERIES.get(0))).containsExactly("2026-04-02");
            assertThat(after.get(QUERIES.get(1)).get(0)).startsWith(linesUpTo("2026-04-02") + "|");
            assertThat(after.get(QUERIES.get(7)))
                    .isEqualTo(List.of(after.get(QUERIES.get(4)).get(0).split("\\|")[0]));
        }
        // a third night: the reader of the first is long gone; old lake snapshots are pruned to two
        assertThat(ClienteleCli.execute(
                        "run",
                        "--date",
                        "2026-04-03",
                        "--inbox",
                        FIXTURE.toString(),
                        "--warehouse",
                        warehouse.toString()))
                .isZero();
        try (var ids = java.nio.file.Files.list(warehouse.resolve("published"))) {
            assertThat(ids.count()).isEqualTo(2);
        }
    }

    private Connection readOnly() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("duckdb.read_only", "true");
        return DriverManager.getConnection("jdbc:duckdb:" + warehouse.resolve("clientele.duckdb"), properties);
    }

    /** Each query's rows, each row as its values joined by |. */
    private static Map<String, List<String>> read(Connection c) throws SQLException {
        Map<String, List<String>> results = new LinkedHashMap<>();
        for (String sql : QUERIES) {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(sql)) {
                List<String> rows = new ArrayList<>();
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> values = new ArrayList<>();
                    for (int i = 1; i <= n; i++) {
                        values.add(String.valueOf(rs.getObject(i)));
                    }
                    rows.add(String.join("|", values));
                }
                results.put(sql, rows);
            }
        }
        return results;
    }

    private static long linesUpTo(String date) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM read_csv('" + FIXTURE.resolve("order_lines.csv")
                        + "', all_varchar = true) l JOIN read_csv('" + FIXTURE.resolve("orders.csv")
                        + "', all_varchar = true) o USING (order_id) WHERE CAST(o.order_ts AS DATE) <= DATE '" + date
                        + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
