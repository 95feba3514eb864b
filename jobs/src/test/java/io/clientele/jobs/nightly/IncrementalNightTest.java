package io.clientele.jobs.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.demo.DemoExtractGenerator;
import io.clientele.demo.DemoOptions;
import io.clientele.jobs.ClienteleProcess;
import io.clientele.jobs.PublishedWarehouse;
import io.clientele.jobs.WarehouseCopy;
import io.clientele.jobs.cli.ClienteleCli;
import io.clientele.warehouse.star.StarSchemaBuilder;
import io.clientele.warehouse.star.StarSchemaPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The incremental model (facts partitioned by month, rewritten per partition): over several
 * nights of demo data — a full extract, then a night's delta with a late order dated in an
 * old month, an SCD type 2 change and a complaint resolved, then the full extract again
 * across a month boundary — every table of a warehouse built night by night incrementally
 * equals, cell for cell, a warehouse rebuilt in full ({@code --full}) each night; and the
 * delta night rewrites exactly the partitions the delta reaches, leaving the files of all
 * other partitions as they were (same inode, same mtime). (The Spark engine's incremental night:
 * {@link EngineParityTest}.)
 */
class IncrementalNightTest {

    static final LocalDate EXTRACT_DATE = LocalDate.parse("2026-11-02");
    static final String NIGHT_1 = "2026-10-20";
    static final String NIGHT_2 = "2026-10-21";
    static final String NIGHT_3 = "2026-11-02";

    @TempDir
    static Path dir;

    static Path extract;
    /** The demo generator's delta of the day after {@link #EXTRACT_DATE}. */
    static Path nextDay;

    @BeforeAll
    static void generate() throws IOException {
        extract = dir.resolve("extract");
        nextDay = dir.resolve("next-day");
        new DemoExtractGenerator(1).generate(extract, new DemoOptions(1500, 7L, EXTRACT_DATE), nextDay);
    }

    /**
     * The demo generator's next-day delta (what the benchmark times): applied on top of the
     * full night it equals a full rebuild, it adds exactly the day's new orders, and the
     * partitions of months it does not reach keep their files.
     */
    @Test
    void theDemoNextDayDeltaEqualsAFullRebuildAndKeepsOldPartitions() throws Exception {
        Path incremental = warehouse("next-day-incremental");
        String date = EXTRACT_DATE.toString();
        String next = EXTRACT_DATE.plusDays(1).toString();
        run(date, extract, incremental, false);
        Path full = firstNightCopy(incremental, "next-day-full");
        Map<String, Map<String, List<String>>> before = partitionFiles(incremental);
        run(next, nextDay, incremental, false);
        run(next, nextDay, full, true);
        assertSameTables(incremental, full);

        String newOrders = scalar("SELECT count(*) FROM read_csv('" + nextDay.resolve("orders.csv")
                + "', header = true, all_varchar = true) WHERE order_ts LIKE '" + next + "%'");
        assertThat(Integer.parseInt(newOrders)).isPositive();
        assertThat(new PublishedWarehouse(incremental)
                        .rows("SELECT CAST(count(*) AS VARCHAR) FROM fact_order WHERE CAST(order_date AS VARCHAR) = '"
                                + next + "'"))
                .containsExactly(List.of(newOrders));
        Map<String, Map<String, List<String>>> after = partitionFiles(incremental);
        for (String table : StarSchemaBuilder.partitioned()) {
            assertThat(kept(before, after, table))
                    .as(table + " keeps the partitions of months the delta misses")
                    .contains("2024-01");
        }
    }

    private static String scalar(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            return scalar(s, sql);
        }
    }

    @Test
    void incrementalNightsEqualFullRebuildsAndTouchOnlyTheAffectedPartitions() throws Exception {
        Path incremental = warehouse("incremental");
        Delta delta = writeDelta(dir.resolve("delta"));

        run(NIGHT_1, extract, incremental, false);
        Path full = firstNightCopy(incremental, "full");

        Map<String, Map<String, List<String>>> before = partitionFiles(incremental);
        String log = runLogged(NIGHT_2, delta.inbox, incremental);
        run(NIGHT_2, delta.inbox, full, true);
        Map<String, Map<String, List<String>>> after = partitionFiles(incremental);
        assertSameTables(incremental, full);
        // the changed rows came from the keys the stage touched, not from comparing the states
        for (String source : StarSchemaPlan.load().deltaSources()) {
            assertThat(log)
                    .contains("model: delta_" + source + " from the keys tonight's extract touched in the state of "
                            + NIGHT_1);
        }

        // the delta's effects are there: the late order, the new version, the resolved complaint
        PublishedWarehouse published = new PublishedWarehouse(incremental);
        assertThat(published.rows("SELECT CAST(order_date AS VARCHAR) FROM fact_order WHERE order_id = 'LATE-1'"))
                .containsExactly(List.of("2026-03-15"));
        assertThat(published.rows("SELECT account_owner FROM dim_customer WHERE customer_id = '" + delta.scd2Customer
                        + "' AND is_current"))
                .containsExactly(List.of("Zed Newowner"));
        assertThat(published.rows("SELECT status FROM fact_complaint WHERE complaint_id = '" + delta.complaint + "'"))
                .containsExactly(List.of("resolved"));

        // fact_order and fact_order_line: the late order's month, every month with an order of the
        // customer whose version changed or of a customer first known tonight, and October (the
        // days after night 1 become visible) — worked out from the raw extract, not the warehouse
        Set<String> orderMonths = new TreeSet<>(List.of("2026-03", "2026-10"));
        orderMonths.addAll(rawMonths("""
                SELECT DISTINCT strftime(CAST(order_ts AS TIMESTAMP), '%%Y-%%m') FROM orders
                WHERE CAST(order_ts AS TIMESTAMP) < TIMESTAMP '2026-10-22'
                  AND customer_id IN (SELECT customer_id FROM customers
                                      WHERE customer_id = '%s'
                                         OR CAST(created_at AS TIMESTAMP) BETWEEN TIMESTAMP '2026-10-21'
                                                                              AND TIMESTAMP '2026-10-21 23:59:59')""".formatted(delta.scd2Customer)));
        assertRewritten(before, after, "fact_order", orderMonths);
        assertRewritten(before, after, "fact_order_line", orderMonths);

        // fact_customer_month: every month from the earliest change on (the late purchase in
        // March; the customer whose version changed and the complaint were chosen later than
        // that), through D's month; the months before March are untouched
        Set<String> snapshotMonths = new TreeSet<>();
        for (YearMonth m = YearMonth.of(2026, 3); !m.isAfter(YearMonth.of(2026, 10)); m = m.plusMonths(1)) {
            snapshotMonths.add(m.toString());
        }
        assertRewritten(before, after, "fact_customer_month", snapshotMonths);

        // fact_complaint: the resolved complaint's month and October are rewritten, some other month is not
        assertThat(rewritten(before, after, "fact_complaint")).contains(delta.complaintMonth, "2026-10");
        for (String table : List.of("fact_complaint", "fact_interaction", "fact_survey_response")) {
            assertThat(kept(before, after, table))
                    .as(table + " keeps partitions")
                    .isNotEmpty();
            assertThat(rewritten(before, after, table))
                    .as(table + " rewrites D's month")
                    .contains("2026-10");
        }

        // the full extract again, across a month boundary
        run(NIGHT_3, extract, incremental, false);
        run(NIGHT_3, extract, full, true);
        assertSameTables(incremental, full);
        assertThat(Files.isDirectory(incremental.resolve("lake/fact_order_line/month=2026-11")))
                .isTrue();
    }

    /**
     * A night staged on a later state than the lake was built from (here the lake of night 1 with
     * the state of night 2, as after restoring the lake from a backup): the stage's touched keys
     * are against night 2's state, so the model finds the changes since the lake by comparing
     * tonight's state with night 1's — and equals a full rebuild on the same state, night 2's
     * late order and resolved complaint included, which the touched keys alone would miss.
     */
    @Test
    void aLakeOlderThanTheStagedStateComparesTheStatesAndEqualsAFullRebuild() throws Exception {
        Path incremental = warehouse("older-lake-nights");
        Delta delta = writeDelta(dir.resolve("older-lake-delta"));
        run(NIGHT_1, extract, incremental, false);
        Path olderLake = firstNightCopy(incremental, "older-lake");
        run(NIGHT_2, delta.inbox, incremental, false);
        Path full = firstNightCopy(incremental, "older-lake-full");
        try (Stream<Path> states = Files.list(incremental.resolve("state"))) {
            for (Path state : states.toList()) {
                WarehouseCopy.copyTree(
                        state.resolve("run=" + NIGHT_2),
                        olderLake.resolve("state").resolve(state.getFileName()).resolve("run=" + NIGHT_2));
            }
        }

        String night3 = EXTRACT_DATE.plusDays(1).toString();
        String log = runLogged(night3, nextDay, olderLake);
        run(night3, nextDay, full, true);
        assertThat(log).contains("model: incremental on the lake of " + NIGHT_1);
        for (String source : StarSchemaPlan.load().deltaSources()) {
            assertThat(log)
                    .contains("model: delta_" + source + " by comparing tonight's state with the state of " + NIGHT_1
                            + ": the touched keys are against the state of " + NIGHT_2 + ", the lake's is "
                            + NIGHT_1);
        }
        PublishedWarehouse published = new PublishedWarehouse(olderLake);
        PublishedWarehouse expected = new PublishedWarehouse(full);
        for (String table : StarSchemaBuilder.tables()) {
            assertThat(published.rows("SELECT * FROM " + table + " ORDER BY ALL"))
                    .as(table)
                    .isEqualTo(expected.rows("SELECT * FROM " + table + " ORDER BY ALL"));
        }
        assertThat(published.rows("SELECT status FROM fact_complaint WHERE complaint_id = '" + delta.complaint + "'"))
                .containsExactly(List.of("resolved"));
    }

    // -- the nights ---------------------------------------------------------------------------

    private static Path warehouse(String name) throws IOException {
        Path warehouse = dir.resolve(name);
        Files.createDirectories(warehouse.resolve("meta"));
        Files.writeString(warehouse.resolve("meta/pii-salt"), "same-salt");
        return warehouse;
    }

    /**
     * The warehouse that is rebuilt in full from the second night on: a copy of the first night,
     * which on an empty warehouse is a full build whether asked for or not.
     */
    private static Path firstNightCopy(Path firstNight, String name) throws IOException {
        Path copy = dir.resolve(name);
        WarehouseCopy.copyTree(firstNight, copy);
        return copy;
    }

    private static void run(String date, Path inbox, Path warehouse, boolean full) {
        String engine = "duckdb";
        List<String> args = new ArrayList<>(List.of(
                "run",
                "--date",
                date,
                "--inbox",
                inbox.toString(),
                "--warehouse",
                warehouse.toString(),
                "--engine",
                engine));
        if (full) {
            args.add("--full");
        }
        assertThat(ClienteleCli.execute(args.toArray(String[]::new)))
                .as("run " + date + " " + warehouse)
                .isZero();
    }

    /** A night in a JVM of its own, for its log: the model says there how it found each source's changes. */
    private static String runLogged(String date, Path inbox, Path warehouse) throws Exception {
        ClienteleProcess night = ClienteleProcess.start(
                dir.resolve("logs"),
                warehouse.getFileName() + "-" + date,
                "run",
                "--date",
                date,
                "--inbox",
                inbox.toString(),
                "--warehouse",
                warehouse.toString(),
                "--engine",
                "duckdb");
        assertThat(night.waitFor(600)).as(night.err()).isZero();
        return night.err();
    }

    private static void assertSameTables(Path incremental, Path full) throws IOException {
        Map<String, List<List<String>>> expected = new PublishedWarehouse(full).contents();
        Map<String, List<List<String>>> actual = new PublishedWarehouse(incremental).contents();
        assertThat(actual.keySet()).isEqualTo(expected.keySet()).contains("fact_customer_month", "fact_order_line");
        assertThat(expected.get("fact_order_line")).isNotEmpty();
        assertThat(expected.get("mart_churn_monthly")).isNotEmpty();
        for (String table : expected.keySet()) {
            // multiset differences, so that a failure names the rows (and stays fast on big tables)
            Map<List<String>, Integer> difference = new java.util.HashMap<>();
            expected.get(table).forEach(row -> difference.merge(row, 1, Integer::sum));
            actual.get(table).forEach(row -> difference.merge(row, -1, Integer::sum));
            difference.values().removeIf(n -> n == 0);
            assertThat(difference)
                    .as("%s: rows (+ only in the full rebuild, - only in the other)", table)
                    .isEmpty();
            assertThat(actual.get(table)).as(table).hasSameSizeAs(expected.get(table));
        }
        // the same partitions, too
        for (String table : StarSchemaBuilder.partitioned()) {
            assertThat(partitionNames(incremental.resolve("lake").resolve(table)))
                    .as(table)
                    .isEqualTo(partitionNames(full.resolve("lake").resolve(table)))
                    .isNotEmpty();
        }
    }

    static List<String> partitionNames(Path table) throws IOException {
        try (Stream<Path> children = Files.list(table)) {
            return children.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .toList();
        }
    }

    /** Per partitioned table, per month: its files as name, inode and mtime. */
    static Map<String, Map<String, List<String>>> partitionFiles(Path warehouse) throws IOException {
        Map<String, Map<String, List<String>>> tables = new TreeMap<>();
        for (String table : StarSchemaBuilder.partitioned()) {
            Map<String, List<String>> partitions = new TreeMap<>();
            for (String partition : partitionNames(warehouse.resolve("lake").resolve(table))) {
                List<String> files = new ArrayList<>();
                try (Stream<Path> content =
                        Files.list(warehouse.resolve("lake").resolve(table).resolve(partition))) {
                    for (Path file : content.sorted().toList()) {
                        files.add(file.getFileName() + "@" + Files.getAttribute(file, "unix:ino") + "@"
                                + Files.getLastModifiedTime(file).toMillis());
                    }
                }
                assertThat(files).isNotEmpty();
                partitions.put(partition.substring("month=".length()), files);
            }
            tables.put(table, partitions);
        }
        return tables;
    }

    static Set<String> rewritten(
            Map<String, Map<String, List<String>>> before, Map<String, Map<String, List<String>>> after, String table) {
        Set<String> months = new TreeSet<>();
        after.get(table).forEach((month, files) -> {
            if (!files.equals(before.get(table).get(month))) {
                months.add(month);
            }
        });
        return months;
    }

    static Set<String> kept(
            Map<String, Map<String, List<String>>> before, Map<String, Map<String, List<String>>> after, String table) {
        Set<String> months = new TreeSet<>(after.get(table).keySet());
        months.removeAll(rewritten(before, after, table));
        return months;
    }

    private static void assertRewritten(
            Map<String, Map<String, List<String>>> before,
            Map<String, Map<String, List<String>>> after,
            String table,
            Set<String> expected) {
        assertThat(rewritten(before, after, table))
                .as(table + " rewritten partitions")
                .isEqualTo(expected);
        Set<String> untouched = new TreeSet<>(before.get(table).keySet());
        untouched.removeAll(expected);
        assertThat(untouched).as(table + " untouched partitions").isNotEmpty();
        for (String month : untouched) {
            assertThat(after.get(table).get(month))
                    .as(table + " " + month + " files (name@inode@mtime)")
                    .isEqualTo(before.get(table).get(month));
        }
    }

    // -- the delta, chosen from the raw extract -----------------------------------------------

    record Delta(Path inbox, String scd2Customer, String complaint, String complaintMonth) {}

    /**
     * Night 2's extract: a late order dated 2026-03-15 of a customer who bought before March;
     * a new owner for a customer created and first active after March; an open complaint
     * received after March, now resolved.
     */
    private static Delta writeDelta(Path inbox) throws IOException, SQLException {
        Files.createDirectories(inbox);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            for (String source : List.of("customers", "orders", "order_lines", "complaints", "contracts", "products")) {
                s.execute("CREATE VIEW " + source + " AS SELECT * FROM read_csv('" + extract.resolve(source + ".csv")
                        + "', header = true, all_varchar = true)");
            }
            String lateCustomer = scalar(s, """
                    SELECT min(o.customer_id) FROM orders o
                    WHERE CAST(o.order_ts AS TIMESTAMP) < TIMESTAMP '2026-01-01' AND coalesce(o.status, 'completed') = 'completed'
                      AND (SELECT sum(CAST(quantity AS DECIMAL(18,4)) * CAST(unit_price AS DECIMAL(18,4))
                                      - coalesce(CAST(discount_amount AS DECIMAL(18,4)), 0))
                           FROM order_lines l WHERE l.order_id = o.order_id) > 0""");
            String product = scalar(s, "SELECT min(product_id) FROM products");
            String scd2Customer = scalar(s, """
                    SELECT min(c.customer_id) FROM customers c
                    WHERE CAST(c.created_at AS TIMESTAMP) BETWEEN TIMESTAMP '2026-04-01' AND TIMESTAMP '2026-09-01'
                      AND (SELECT min(CAST(order_ts AS TIMESTAMP)) FROM orders o WHERE o.customer_id = c.customer_id)
                          >= TIMESTAMP '2026-04-01'
                      AND NOT EXISTS (SELECT 1 FROM contracts k WHERE k.customer_id = c.customer_id
                                      AND CAST(k.start_date AS DATE) < DATE '2026-04-01')
                      AND c.customer_id <> '%s'""".formatted(lateCustomer));
            String complaint = scalar(s, """
                    SELECT min(complaint_id) FROM complaints
                    WHERE status = 'open' AND CAST(received_at AS TIMESTAMP) BETWEEN TIMESTAMP '2026-05-01' AND TIMESTAMP '2026-09-30'
                      AND customer_id NOT IN ('%s', '%s')""".formatted(lateCustomer, scd2Customer));
            String complaintMonth = scalar(
                    s,
                    "SELECT strftime(CAST(received_at AS TIMESTAMP), '%Y-%m') FROM complaints"
                            + " WHERE complaint_id = '" + complaint + "'");
            assertThat(List.of(lateCustomer, product, scd2Customer, complaint)).doesNotContainNull();
            // a customer created on night 2 must not have activity before March (see the expectations)
            assertThat(scalar(s, """
                    SELECT count(*) FROM orders o JOIN customers c USING (customer_id)
                    WHERE CAST(c.created_at AS TIMESTAMP) >= TIMESTAMP '2026-10-21'
                      AND CAST(c.created_at AS TIMESTAMP) < TIMESTAMP '2026-10-22'
                      AND CAST(o.order_ts AS TIMESTAMP) < TIMESTAMP '2026-03-01'""")).isEqualTo("0");

            copy(
                    s,
                    "SELECT * REPLACE ('Zed Newowner' AS account_owner, '2026-10-21T09:00:00' AS updated_at) FROM customers"
                            + " WHERE customer_id = '" + scd2Customer + "'",
                    inbox.resolve("customers.csv"));
            copy(
                    s,
                    "SELECT 'LATE-1' AS order_id, '" + lateCustomer
                            + "' AS customer_id, '2026-03-15T10:00:00' AS order_ts,"
                            + " 'web' AS channel, 'completed' AS status, '2026-10-21T10:00:00' AS updated_at",
                    inbox.resolve("orders.csv"));
            copy(
                    s,
                    "SELECT 'LATE-1' AS order_id, '1' AS line_no, '" + product + "' AS product_id, '2' AS quantity,"
                            + " '25.00' AS unit_price, CAST(NULL AS VARCHAR) AS discount_amount",
                    inbox.resolve("order_lines.csv"));
            copy(
                    s,
                    "SELECT * REPLACE ('resolved' AS status, '2026-10-21T08:00:00' AS resolved_at,"
                            + " '2026-10-21T08:00:00' AS updated_at) FROM complaints WHERE complaint_id = '" + complaint
                            + "'",
                    inbox.resolve("complaints.csv"));
            return new Delta(inbox, scd2Customer, complaint, complaintMonth);
        }
    }

    private static Set<String> rawMonths(String sql) throws SQLException {
        Set<String> months = new TreeSet<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            for (String source : List.of("customers", "orders")) {
                s.execute("CREATE VIEW " + source + " AS SELECT * FROM read_csv('" + extract.resolve(source + ".csv")
                        + "', header = true, all_varchar = true)");
            }
            try (ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    months.add(rs.getString(1));
                }
            }
        }
        return months;
    }

    private static String scalar(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void copy(Statement s, String sql, Path csv) throws SQLException {
        s.execute("COPY (" + sql + ") TO '" + csv + "' (HEADER, DELIMITER ',')");
    }
}
