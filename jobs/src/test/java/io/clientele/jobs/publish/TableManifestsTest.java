package io.clientele.jobs.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.jobs.PublishedWarehouse;
import io.clientele.jobs.cli.ClienteleCli;
import io.clientele.warehouse.catalog.Catalog;
import io.clientele.warehouse.catalog.SqlFiles;
import io.clientele.warehouse.catalog.TableManifest;
import io.clientele.warehouse.engine.DuckDbEngine;
import io.clientele.warehouse.engine.DuckDbSettings;
import io.clientele.warehouse.engine.Engine;
import io.clientele.warehouse.engine.SqlTemplate;
import io.clientele.warehouse.layout.RunSettings;
import io.clientele.warehouse.layout.WarehouseLayout;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each manifest's columns are exactly its table's, in order: the predict stage's unpublished
 * outputs as the night writes them (a night run step by step, looked at before publish), every
 * published table and view in the published DuckDB file, with the manifests' descriptions as
 * their comments; churn_features (never written) by DuckDB's DESCRIBE of its SQL over the lake.
 */
class TableManifestsTest {

    static final Path FIXTURE =
            Path.of("src/test/resources/fixtures/three-months").toAbsolutePath();
    static final String DATE = "2026-04-02";

    @TempDir
    Path warehouse;

    private final Catalog catalog = Catalog.load();

    private static String steps() {
        PrintStream out = System.out;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true));
        try {
            assertThat(ClienteleCli.execute("run", "--list-steps")).isZero();
            return o.toString();
        } finally {
            System.setOut(out);
        }
    }

    private void step(String step) {
        assertThat(ClienteleCli.execute(
                        "run",
                        "--date",
                        DATE,
                        "--inbox",
                        FIXTURE.toString(),
                        "--step",
                        step,
                        "--warehouse",
                        warehouse.toString()))
                .as(step)
                .isZero();
    }

    @Test
    void everyManifestDescribesExactlyItsTablesColumnsAndThePublishedFileCarriesThemAsComments() throws Exception {
        List<String> steps =
                steps().lines().map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String step : steps.subList(0, steps.indexOf("publish"))) {
            step(step);
        }
        WarehouseLayout layout = new WarehouseLayout(warehouse);
        LocalDate date = LocalDate.parse(DATE);
        List<String> checked = new ArrayList<>();
        try (Engine engine = new DuckDbEngine(DuckDbSettings.defaults(warehouse.resolve("tmp-test")))) {
            for (TableManifest table : catalog.layer("predict")) {
                if (!table.isPublished() && !table.name().equals("churn_features")) {
                    engine.registerParquet(table.name(), layout.workPredictTable(date, table.name()));
                    assertThat(columns(engine, table.name()))
                            .as(table.path())
                            .containsExactlyElementsOf(table.columns().keySet());
                    checked.add(table.name());
                }
            }
        }
        step("publish");
        step("check");
        assertThat(ClienteleCli.execute("forget", "--customer", "C01", "--warehouse", warehouse.toString()))
                .isZero();

        // churn_features is computed for the model and never kept: its SQL, described over the published lake
        try (Engine engine = new DuckDbEngine(DuckDbSettings.defaults(warehouse.resolve("tmp-test")))) {
            for (String lake : catalog.names("star")) {
                engine.registerParquet(lake, layout.lakeTable(lake));
            }
            Map<String, String> parameters =
                    new LinkedHashMap<>(new RunSettings(date, 180, 30, "salt").sqlParameters());
            parameters.put("feature_date", "DATE '2026-01-01'");
            parameters.put("horizon_days", "90");
            String sql = SqlTemplate.load("predict/churn_features.sql").render(engine.dialect(), parameters);
            engine.createView("churn_features", sql);
            TableManifest features = catalog.table("churn_features");
            assertThat(columns(engine, "churn_features"))
                    .as(features.path())
                    .containsExactlyElementsOf(features.columns().keySet());
            checked.add("churn_features");
        }

        Map<String, Map<String, String>> published = new LinkedHashMap<>();
        Map<String, String> objectComments = new LinkedHashMap<>();
        PublishedWarehouse file = new PublishedWarehouse(warehouse);
        for (List<String> row : file.rows("SELECT table_name, column_name, comment FROM duckdb_columns()"
                + " WHERE NOT internal AND database_name = 'clientele' ORDER BY table_name, column_index")) {
            published.computeIfAbsent(row.get(0), t -> new LinkedHashMap<>()).put(row.get(1), row.get(2));
        }
        for (List<String> row : file.rows("SELECT table_name, comment FROM duckdb_tables() WHERE NOT internal"
                + " UNION ALL SELECT view_name, comment FROM duckdb_views() WHERE NOT internal")) {
            objectComments.put(row.get(0), row.get(1));
        }
        assertThat(published.keySet())
                .as("every table and view of the published file has a manifest")
                .allSatisfy(t -> assertThat(catalog.find(t)).as(t).isPresent());
        for (TableManifest table : catalog.tables()) {
            if (!table.isPublished()) {
                continue;
            }
            assertThat(published).as("%s is published", table.name()).containsKey(table.name());
            assertThat(published.get(table.name()).keySet())
                    .as(table.path())
                    .containsExactlyElementsOf(table.columns().keySet());
            assertThat(objectComments.get(table.name()))
                    .as("comment on %s", table.name())
                    .isNotBlank()
                    .isEqualTo(table.comment());
            assertThat(published.get(table.name()))
                    .as("column comments of %s", table.name())
                    .isEqualTo(table.columns());
            checked.add(table.name());
        }
        assertThat(checked)
                .as("every manifest is checked")
                .containsExactlyInAnyOrderElementsOf(
                        catalog.tables().stream().map(TableManifest::name).toList());
        assertThat(SqlFiles.list(".yml")).hasSize(catalog.tables().size());
    }

    private static List<String> columns(Engine engine, String table) {
        List<String> names = new ArrayList<>();
        for (List<Object> row : engine.query("DESCRIBE SELECT * FROM " + table).rows()) {
            names.add(row.get(0).toString());
        }
        return names;
    }
}
