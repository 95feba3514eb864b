package io.clientele.warehouse.star;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.warehouse.engine.DuckDbEngine;
import io.clientele.warehouse.engine.DuckDbSettings;
import io.clientele.warehouse.engine.Engine;
import io.clientele.warehouse.engine.ParquetDirectory;
import io.clientele.warehouse.engine.ResultTable;
import io.clientele.warehouse.engine.SqlTemplate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dim_customer's SCD type 2 versions (docs/contract.md §3) from hand-written staged sources, on
 * DuckDB: a changed attribute opens a version, an unchanged re-send does not, a customer named by
 * a fact before its customers row is an inferred member, and one created after D is not known.
 * Keys and hashes are recomputed here from their definitions with java.security.MessageDigest.
 */
class DimCustomerSqlTest {

    /** The one place that names the SQL file (warehouse/sql/model/ is to become warehouse/sql/star/). */
    static final String DIM_CUSTOMER_SQL = "star/dim_customer.sql";

    @TempDir
    Path dir;

    @Test
    void versionsReSendsAndInferredMembers() throws Exception {
        try (Engine engine = new DuckDbEngine(new DuckDbSettings("512MB", 2, dir.resolve("duckdb-tmp")))) {
            // C1 created 10 Jan, moves from Lyon to Paris on 1 Feb: two versions.
            // C2 created 5 Jan, re-sent unchanged on 10 Feb: one version.
            // C4 created after D (20 Mar): not known by D, and no fact names it.
            stage(
                    engine,
                    "stg_customers",
                    "SELECT customer_id, CAST(created_at AS TIMESTAMP) AS created_at FROM (VALUES"
                            + " ('C1', '2024-01-10 08:00:00'), ('C2', '2024-01-05 09:00:00'), ('C4', '2024-03-20 10:00:00')"
                            + ") t(customer_id, created_at)");
            stage(
                    engine,
                    "stg_customers_history",
                    "SELECT customer_id, CAST(updated_at AS TIMESTAMP) AS updated_at,"
                            + " _run, CAST(_line AS BIGINT) AS _line, name, email, phone, country, city, customer_type,"
                            + " acquisition_channel, account_owner FROM (VALUES"
                            + " ('C1', '2024-01-10 08:00:00', '2024-01-10', 1, 'Ann', 'h1', NULL, 'FR', 'Lyon', 'private', 'web', 'ann'),"
                            + " ('C2', '2024-01-05 09:00:00', '2024-01-05', 1, 'Bob', 'h2', 'p2', 'FR', 'Nice', 'business', NULL, 'bob'),"
                            + " ('C1', '2024-02-01 12:00:00', '2024-02-01', 4, 'Ann', 'h1', NULL, 'FR', 'Paris', 'private', 'web', 'ann'),"
                            + " ('C2', '2024-02-10 10:00:00', '2024-02-10', 2, 'Bob', 'h2', 'p2', 'FR', 'Nice', 'business', NULL, 'bob'),"
                            + " ('C4', '2024-03-20 10:00:00', '2024-03-20', 1, 'Dan', 'h4', NULL, 'DE', 'Bonn', 'private', 'web', 'ann')"
                            + ") t(customer_id, updated_at, _run, _line, name, email, phone, country, city, customer_type,"
                            + " acquisition_channel, account_owner)");
            // C3 has an order on 1 March but no customers row yet: an inferred member.
            // C5's only order is after D: not referenced.
            stage(
                    engine,
                    "stg_orders",
                    "SELECT customer_id, CAST(order_ts AS TIMESTAMP) AS order_ts FROM (VALUES"
                            + " ('C3', '2024-03-01 10:00:00'), ('C1', '2024-02-02 10:00:00'), ('C5', '2024-03-16 00:00:00')"
                            + ") t(customer_id, order_ts)");
            stage(
                    engine,
                    "stg_complaints",
                    "SELECT 'C2' AS customer_id, TIMESTAMP '2024-02-11 10:00:00' AS received_at");
            stage(engine, "stg_surveys", "SELECT 'C1' AS customer_id, TIMESTAMP '2024-02-05 10:00:00' AS responded_at");
            stage(engine, "stg_contracts", "SELECT 'C2' AS customer_id, DATE '2024-01-06' AS start_date");
            stage(
                    engine,
                    "stg_interactions",
                    "SELECT 'C5' AS customer_id, TIMESTAMP '2024-03-17 10:00:00' AS occurred_at");

            String sql = SqlTemplate.load(DIM_CUSTOMER_SQL)
                    .render(
                            engine.dialect(),
                            Map.of(
                                    "as_of_date",
                                    "DATE '2024-03-15'",
                                    "as_of_end",
                                    "TIMESTAMP '2024-03-15 23:59:59.999999'"));
            engine.materialize("dim_customer", sql, null);
            ResultTable t = engine.query("SELECT customer_id, city, valid_from, valid_to, is_current, is_inferred,"
                    + " customer_key, row_hash FROM dim_customer ORDER BY customer_id, valid_from NULLS FIRST");

            LocalDateTime c1v1 = LocalDateTime.of(2024, 1, 10, 8, 0);
            LocalDateTime c1v2 = LocalDateTime.of(2024, 2, 1, 12, 0);
            LocalDateTime c2v1 = LocalDateTime.of(2024, 1, 5, 9, 0);
            assertThat(t.rows())
                    .extracting(r -> r.subList(0, 6))
                    .containsExactly(
                            Arrays.asList("C1", "Lyon", c1v1, c1v2, false, false),
                            Arrays.asList("C1", "Paris", c1v2, null, true, false),
                            Arrays.asList("C2", "Nice", c2v1, null, true, false),
                            Arrays.asList("C3", null, null, null, true, true));
            // customer_key = stable_key(customer_id | micros of valid_from since 1970), 'inferred' without one
            assertThat(t.column("customer_key"))
                    .containsExactly(
                            firstSixtyBits("C1|" + micros(c1v1)), firstSixtyBits("C1|" + micros(c1v2)),
                            firstSixtyBits("C2|" + micros(c2v1)), firstSixtyBits("C3|inferred"));
            // row_hash = sha256 of the attributes joined by '|', a missing one as '~'
            assertThat(t.column("row_hash"))
                    .containsExactly(
                            sha256Hex("Ann|h1|~|FR|Lyon|private|web|ann"),
                            sha256Hex("Ann|h1|~|FR|Paris|private|web|ann"),
                            sha256Hex("Bob|h2|p2|FR|Nice|business|~|bob"),
                            null);
        }
    }

    private void stage(Engine engine, String table, String select) throws Exception {
        Path file = dir.resolve("stage").resolve(table).resolve("part-0.parquet");
        Files.createDirectories(file.getParent());
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            s.execute("COPY (" + select + ") TO " + ParquetDirectory.literal(file) + " (FORMAT parquet)");
        }
        engine.registerParquet(table, file.getParent());
    }

    private static long micros(LocalDateTime utc) {
        return utc.toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
    }

    private static String sha256Hex(String s) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static long firstSixtyBits(String s) throws Exception {
        return Long.parseLong(sha256Hex(s).substring(0, 15), 16);
    }
}
