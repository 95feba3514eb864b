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
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A warehouse whose state was written before the products contract gained the optional unit_cost
 * (docs/contract.md §1, §4.16) stages its next night: the old state's products read the column as null,
 * as an extract leaving it out does, and tonight's rows bring it. Staged by {@link SourceStager} on
 * DuckDB, without the rest of the night.
 */
class OptionalColumnStateTest {

    private static final LocalDate BEFORE = LocalDate.of(2026, 4, 1);
    private static final LocalDate D = LocalDate.of(2026, 4, 2);

    @TempDir
    Path dir;

    @Test
    void aStateWrittenWithoutUnitCostReadsItAsNull() throws Exception {
        WarehouseLayout layout = new WarehouseLayout(dir.resolve("warehouse"));
        SourceContract products = SourceContracts.get("products");
        // last night's state as the earlier contract wrote it: text columns without unit_cost
        write(
                layout.stateSnapshot("products", BEFORE).resolve("part-0.parquet"),
                "SELECT * FROM (VALUES ('P1', 'Widget', 'hardware', '50.00', CAST(NULL AS VARCHAR), '2026-04-01', 2),"
                        + " ('P2', 'Gadget', 'accessories', '40.00', NULL, '2026-04-01', 3))"
                        + " t(product_id, name, category, list_price, updated_at, _run, _line)");
        // tonight's extract: P2 again, now with a unit cost, and a new P3 without one
        write(
                layout.landingRows(D, "products"),
                "SELECT product_id, name, category, list_price, unit_cost, updated_at, _file, CAST(_line AS BIGINT)"
                        + " AS _line FROM (VALUES ('P2', 'Gadget', 'accessories', '40.00', '12.50', CAST(NULL AS"
                        + " VARCHAR), 'products.csv', 2), ('P3', 'Thing', NULL, '1.00', NULL, NULL, 'products.csv', 3))"
                        + " t(product_id, name, category, list_price, unit_cost, updated_at, _file, _line)");

        try (Engine engine = new DuckDbEngine(new DuckDbSettings("512MB", 1, dir.resolve("duckdb-tmp")))) {
            StageCounts counts = new SourceStager(engine, layout, new RunSettings(D, 180, 30, "salt")).stage(products);
            assertThat(counts.loaded()).isEqualTo(2);

            StagedSourceViews views = new StagedSourceViews(engine, layout);
            views.register(List.of(products), D);
            assertThat(rows(engine, "SELECT product_id, list_price, unit_cost FROM stg_products ORDER BY 1"))
                    .containsExactly(
                            List.of("P1", new BigDecimal("50.0000"), "null"),
                            List.of("P2", new BigDecimal("40.0000"), new BigDecimal("12.5000")),
                            List.of("P3", new BigDecimal("1.0000"), "null"));
            // the old snapshot itself, as the incremental night reads the lake's state
            views.registerSnapshot(products, layout.stateSnapshot("products", BEFORE), "prev_");
            assertThat(rows(engine, "SELECT product_id, unit_cost FROM prev_products ORDER BY 1"))
                    .containsExactly(List.of("P1", "null"), List.of("P2", "null"));
        }
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
