package io.clientele.jobs.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.jobs.PublishedWarehouse;
import io.clientele.jobs.cli.ClienteleCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The check step after publish: a good night passes every check; a lake or mart corrupted
 * by hand (a duplicated key, a broken churn identity) fails the run with the check named, on
 * stderr, in {@code clientele status} and in the dq_report view; row counts that jump since
 * the previous night fail the drift check.
 */
class DataQualityCheckTest {

    static final Path FIXTURE =
            Path.of("src/test/resources/fixtures/three-months").toAbsolutePath();
    static final List<String> CHECKS = List.of(
            "unique_dimension_keys",
            "unique_fact_keys",
            "unique_mart_grains",
            "fact_dimension_integrity",
            "churn_identities",
            "cohort_month_zero",
            "row_count_drift");

    @TempDir
    Path warehouse;

    /** Exit code, stdout and stderr of one command. */
    record Outcome(int exit, String out, String err) {}

    private Outcome clientele(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true));
        System.setErr(new PrintStream(e, true));
        try {
            int exit = ClienteleCli.execute(args);
            return new Outcome(exit, o.toString(), e.toString());
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private int run(String date) {
        return ClienteleCli.execute(
                "run", "--date", date, "--inbox", FIXTURE.toString(), "--warehouse", warehouse.toString());
    }

    @Test
    void aGoodNightPassesEveryCheckAndTheReportIsInTheDuckDbFile() {
        assertThat(run("2026-04-02")).isZero();
        PublishedWarehouse published = new PublishedWarehouse(warehouse);
        assertThat(published.rows(
                        "SELECT \"check\", status, violations FROM dq_report WHERE run_date = DATE '2026-04-02'"
                                + " ORDER BY \"check\""))
                .containsExactlyInAnyOrderElementsOf(
                        CHECKS.stream().map(c -> List.of(c, "pass", "0")).toList());
        // the first night has nothing to compare its row counts with
        assertThat(published.rows("SELECT detail FROM dq_report WHERE \"check\" = 'row_count_drift'"))
                .containsExactly(List.of("no earlier night with passing checks to compare with"));
        assertThat(clientele("status", "--warehouse", warehouse.toString()).exit())
                .isZero();
    }

    @Test
    void aDuplicatedFactKeyAndABrokenChurnIdentityFailTheRunWithTheChecksNamed() throws Exception {
        assertThat(run("2026-04-02")).isZero();
        // corrupt the published lake and marts the way a faulty writer would: one order twice, an
        // interaction whose customer_key names no dim_customer row, and a churn cell whose Ce is one
        // more than Cb − Cl + Cn
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            s.execute("COPY (SELECT * FROM read_parquet('" + warehouse.resolve("lake/fact_order") + "/**/*.parquet')"
                    + " WHERE order_id = 'O04') TO '" + warehouse.resolve("lake/fact_order/duplicate.parquet")
                    + "' (FORMAT parquet)");
            s.execute("COPY (SELECT * REPLACE ('I-dangling' AS interaction_id, -1 AS customer_key) FROM read_parquet('"
                    + warehouse.resolve("lake/fact_interaction") + "/**/*.parquet')) TO '"
                    + warehouse.resolve("lake/fact_interaction/dangling.parquet") + "' (FORMAT parquet)");
            s.execute("COPY (SELECT * REPLACE (customers_end + 1 AS customers_end) FROM read_parquet('"
                    + warehouse.resolve("marts/mart_churn_monthly") + "/**/*.parquet') WHERE segment_kind = 'all'"
                    + " AND month = DATE '2026-02-01') TO '"
                    + warehouse.resolve("marts/mart_churn_monthly/broken.parquet")
                    + "' (FORMAT parquet)");
        }
        Outcome check = clientele(
                "run", "--date", "2026-04-02", "--step", "check", "--force", "--warehouse", warehouse.toString());
        assertThat(check.exit()).isEqualTo(1);
        assertThat(check.err().lines().filter(l -> l.startsWith("clientele:")).toList())
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .contains(
                                "data-quality checks failed for 2026-04-02",
                                "unique_fact_keys (1: fact_order.order_id O04 on 2 rows)",
                                "churn_identities",
                                "fact_dimension_integrity (1: fact_interaction row I-dangling: customer_key -1 not in dim_customer)",
                                "unique_mart_grains (1: mart_churn_monthly (2026-02-01, all, all) on 2 rows)"));
        // the duplicated cell breaks Ce = Cb − Cl + Cn once; the original row is fine
        assertThat(new PublishedWarehouse(warehouse)
                        .rows("SELECT \"check\", violations FROM dq_report" + " WHERE status = 'fail' ORDER BY 1"))
                .containsExactly(
                        List.of("churn_identities", "1"), List.of("fact_dimension_integrity", "1"),
                        List.of("unique_fact_keys", "1"), List.of("unique_mart_grains", "1"));

        Outcome status = clientele("status", "--warehouse", warehouse.toString());
        assertThat(status.exit()).isEqualTo(1);
        assertThat(status.err()).contains("check: data-quality checks failed for 2026-04-02", "unique_fact_keys");
    }

    @Test
    void rowCountsThatJumpSinceThePreviousNightFailTheDriftCheck() throws Exception {
        // 2026-01-31 sees January only; 2026-04-02 all three months
        assertThat(run("2026-01-31")).isZero();
        long januaryOrders = Long.parseLong(new PublishedWarehouse(warehouse)
                .rows("SELECT count(*) FROM fact_order")
                .get(0)
                .get(0));
        // independent of the warehouse: orders stamped by the end of each night, from the raw CSV
        long januaryFromCsv = ordersUpTo("2026-01-31T23:59:59");
        long allFromCsv = ordersUpTo("2026-04-02T23:59:59");
        assertThat(januaryOrders).isEqualTo(januaryFromCsv);
        assertThat(allFromCsv).isGreaterThan(januaryFromCsv * 3 / 2);

        System.setProperty("clientele.checks.min-rows", "1");
        System.setProperty("clientele.checks.max-row-count-change", "0.5");
        try {
            Outcome second = clientele(
                    "run", "--date", "2026-04-02", "--inbox", FIXTURE.toString(), "--warehouse", warehouse.toString());
            assertThat(second.exit()).isEqualTo(1);
            assertThat(second.err())
                    .contains(
                            "row_count_drift",
                            "fact_order: " + januaryFromCsv + " rows on 2026-01-31, " + allFromCsv + " now");
        } finally {
            System.clearProperty("clientele.checks.min-rows");
            System.clearProperty("clientele.checks.max-row-count-change");
        }
        // with the default threshold (tables under 1,000 rows are not judged) the same night passes
        assertThat(clientele(
                                "run",
                                "--date",
                                "2026-04-02",
                                "--step",
                                "check",
                                "--force",
                                "--warehouse",
                                warehouse.toString())
                        .exit())
                .isZero();
    }

    private static long ordersUpTo(String lastInstant) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement();
                var rs = s.executeQuery("SELECT count(*) FROM read_csv('" + FIXTURE.resolve("orders.csv")
                        + "', all_varchar = true) WHERE CAST(order_ts AS TIMESTAMP) <= TIMESTAMP '" + lastInstant
                        + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
