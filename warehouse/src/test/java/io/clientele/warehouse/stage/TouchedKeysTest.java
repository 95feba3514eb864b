package io.clientele.warehouse.stage;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.schemas.SourceContract;
import io.clientele.schemas.SourceContracts;
import io.clientele.warehouse.engine.DuckDbEngine;
import io.clientele.warehouse.engine.DuckDbSettings;
import io.clientele.warehouse.engine.Engine;
import io.clientele.warehouse.engine.ParquetDirectory;
import io.clientele.warehouse.layout.RunSettings;
import io.clientele.warehouse.layout.WarehouseLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The keys the stage keeps for the model ({@link TouchedKeys}): every key of tonight's extract,
 * whose rows are all the state changed, recorded against the snapshot upserted into, and
 * usable only against that snapshot as it was. Staged by {@link SourceStager} on DuckDB.
 */
class TouchedKeysTest {

    private static final LocalDate BEFORE = LocalDate.of(2026, 4, 1);
    private static final LocalDate D = LocalDate.of(2026, 4, 2);

    @TempDir
    Path dir;

    @Test
    void theKeysOfTonightsExtractCoverEveryChangedRowAndServeOnlyAgainstTheirSnapshot() throws Exception {
        WarehouseLayout layout = new WarehouseLayout(dir.resolve("warehouse"));
        SourceContract lines = SourceContracts.get("order_lines");
        Path snapshot = layout.stateSnapshot("order_lines", BEFORE).resolve("part-0.parquet");
        write(
                snapshot,
                "SELECT * FROM (VALUES ('O1', '1', 'P1', '1', '10.00', CAST(NULL AS VARCHAR), '2026-04-01', 2),"
                        + " ('O1', '2', 'P2', '1', '20.00', NULL, '2026-04-01', 3),"
                        + " ('O2', '1', 'P1', '3', '10.00', NULL, '2026-04-01', 4))"
                        + " t(order_id, line_no, product_id, quantity, unit_price, discount_amount, _run, _line)");
        // tonight: O1/2 delivered again unchanged, O2/1 with a new quantity, O3/1 new and delivered twice
        write(
                layout.landingRows(D, "order_lines"),
                "SELECT order_id, line_no, product_id, quantity, unit_price, discount_amount, _file,"
                        + " CAST(_line AS BIGINT) AS _line FROM (VALUES"
                        + " ('O1', '2', 'P2', '1', '20.00', CAST(NULL AS VARCHAR), 'order_lines.csv', 2),"
                        + " ('O2', '1', 'P1', '4', '10.00', NULL, 'order_lines.csv', 3),"
                        + " ('O3', '1', 'P1', '1', '10.00', NULL, 'order_lines.csv', 4),"
                        + " ('O3', '1', 'P1', '2', '10.00', NULL, 'order_lines.csv', 5))"
                        + " t(order_id, line_no, product_id, quantity, unit_price, discount_amount, _file, _line)");

        try (Engine engine = new DuckDbEngine(new DuckDbSettings("512MB", 1, dir.resolve("duckdb-tmp")))) {
            new SourceStager(engine, layout, new RunSettings(D, 180, 30, "salt")).stage(lines);
            TouchedKeys keys = new TouchedKeys(layout, D);
            TouchedKeys.Lookup lookup = keys.against("order_lines", BEFORE);
            assertThat(lookup.found()).as(lookup.whyNot()).isTrue();

            StagedSourceViews views = new StagedSourceViews(engine, layout);
            views.registerTouchedKeys(lines, lookup.keys(), "touched_order_lines");
            assertThat(rows(engine, "SELECT order_id, line_no FROM touched_order_lines ORDER BY 1, 2"))
                    .containsExactly(List.of("O1", 2), List.of("O2", 1), List.of("O3", 1));
            // the rows that differ between tonight's state and last night's: among the touched keys
            views.register(List.of(lines), D);
            views.registerSnapshot(lines, layout.stateSnapshot("order_lines", BEFORE), "prev_");
            String columns = "order_id, line_no, product_id, quantity, unit_price, discount_amount";
            assertThat(rows(
                            engine,
                            "SELECT order_id, line_no FROM (SELECT " + columns + " FROM stg_order_lines EXCEPT SELECT "
                                    + columns + " FROM prev_order_lines) UNION SELECT order_id, line_no FROM (SELECT "
                                    + columns + " FROM prev_order_lines EXCEPT SELECT " + columns
                                    + " FROM stg_order_lines) ORDER BY 1, 2"))
                    .containsExactly(List.of("O2", 1), List.of("O3", 1));

            assertThat(keys.against("order_lines", LocalDate.of(2026, 3, 31)).whyNot())
                    .isEqualTo("the touched keys are against the state of 2026-04-01, the lake's is 2026-03-31");
            Files.setLastModifiedTime(
                    snapshot,
                    FileTime.fromMillis(Files.getLastModifiedTime(snapshot).toMillis() + 1000));
            assertThat(keys.against("order_lines", BEFORE).whyNot())
                    .isEqualTo("the state of 2026-04-01 was rewritten after the stage read it");
        }
    }

    @Test
    void aFirstStateRecordsNoKeys() throws Exception {
        WarehouseLayout layout = new WarehouseLayout(dir.resolve("warehouse"));
        SourceContract orders = SourceContracts.get("orders");
        write(
                layout.landingRows(D, "orders"),
                "SELECT 'O1' AS order_id, 'C1' AS customer_id, '2026-04-02T10:00:00' AS order_ts,"
                        + " 'web' AS channel, 'completed' AS status, CAST(NULL AS VARCHAR) AS updated_at,"
                        + " 'orders.csv' AS _file, CAST(2 AS BIGINT) AS _line");
        try (Engine engine = new DuckDbEngine(new DuckDbSettings("512MB", 1, dir.resolve("duckdb-tmp")))) {
            new SourceStager(engine, layout, new RunSettings(D, 180, 30, "salt")).stage(orders);
        }
        assertThat(new TouchedKeys(layout, D).against("orders", BEFORE).whyNot())
                .isEqualTo("the stage recorded no touched keys");
        assertThat(Files.exists(layout.workTouchedKeys(D, "orders"))).isFalse();
    }

    private static void write(Path file, String select) throws Exception {
        Files.createDirectories(file.getParent());
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            s.execute("COPY (" + select + ") TO " + ParquetDirectory.literal(file) + " (FORMAT parquet)");
        }
    }

    private static List<List<Object>> rows(Engine engine, String sql) {
        return engine.query(sql).rows().stream()
                .map(r -> Arrays.asList(
                        r.stream().map(v -> v == null ? "null" : v).toArray()))
                .toList();
    }
}
