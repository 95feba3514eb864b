package io.clientele.warehouse.marts;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.warehouse.engine.Engine;
import io.clientele.warehouse.engine.ParquetDirectory;
import io.clientele.warehouse.engine.ParquetTarget;
import io.clientele.warehouse.engine.ResultTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the mart tests build their hand-written lakes with: lake tables, a night's parameters, a mart. */
final class MartFixture {

    private MartFixture() {}

    /** The parameters a night passes to the marts as of {@code d} (as RunSettings.sqlParameters spells them). */
    static Map<String, String> nightParameters(LocalDate d) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("as_of_date", "DATE '" + d + "'");
        p.put("as_of_end", "TIMESTAMP '" + d + " 23:59:59.999999'");
        p.put("inactivity_days", "180");
        p.put("complaint_deadline_days", "30");
        p.put("run_id", "'" + d + "'");
        p.put("pii_salt", "'test-salt'");
        return p;
    }

    /** Writes {@code select} to lake/{@code table}/part-0.parquet under {@code dir} with a plain DuckDB and registers it. */
    static void lakeTable(Engine engine, Path dir, String table, String select) throws Exception {
        Path file = dir.resolve("lake").resolve(table).resolve("part-0.parquet");
        Files.createDirectories(file.getParent());
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            s.execute("COPY (" + select + ") TO " + ParquetDirectory.literal(file) + " (FORMAT parquet)");
        }
        engine.registerParquet(table, file.getParent());
    }

    /** Builds a mart as a night does (it stays registered for the marts and views that read it). */
    static ResultTable build(Engine engine, Path dir, Map<String, String> parameters, String mart, String orderBy) {
        long rows = new MetricMarts().build(engine, mart, parameters, ParquetTarget.at(dir.resolve("marts/" + mart)));
        ResultTable t = engine.query("SELECT * FROM " + mart + " ORDER BY " + orderBy);
        assertThat(t.rows()).hasSize((int) rows);
        return t;
    }
}
