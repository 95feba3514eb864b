package io.clientele.jobs.monitoring;

import io.clientele.warehouse.engine.DuckDbDatabase;
import io.clientele.warehouse.layout.WarehouseLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the check step of a night left under {@code dq/<date>/}: each check's violations (the report)
 * and each published lake and mart table's row count. Read with the process's in-memory DuckDB,
 * never the published file; empty when the check step has not written them.
 */
public record DataQualityFiles(Map<String, Check> checks, Map<String, Long> rowCounts) {

    /** One line of the night's report. */
    public record Check(String name, boolean passed, long violations) {}

    public static DataQualityFiles read(WarehouseLayout layout, LocalDate runDate) {
        Map<String, Check> checks = new LinkedHashMap<>();
        Map<String, Long> rowCounts = new LinkedHashMap<>();
        try (DuckDbDatabase.Lease lease = DuckDbDatabase.scratch();
                Statement s = lease.connection().createStatement()) {
            query(s, layout.dataQualityReport(runDate), "\"check\", status, violations", rs -> {
                String name = rs.getString(1);
                checks.put(name, new Check(name, "pass".equals(rs.getString(2)), rs.getLong(3)));
            });
            query(s, layout.dataQualityRowCounts(runDate), "table_name, row_count", rs -> {
                rowCounts.put(rs.getString(1), rs.getLong(2));
            });
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "cannot read " + layout.dataQuality().resolve(runDate.toString()) + ": "
                            + e.getMessage().lines().findFirst().orElse(""));
        }
        return new DataQualityFiles(checks, rowCounts);
    }

    private interface Row {
        void accept(ResultSet rs) throws SQLException;
    }

    private static void query(Statement s, Path directory, String columns, Row row) throws SQLException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        String glob = directory.resolve("*.parquet").toString().replace("'", "''");
        try (ResultSet rs = s.executeQuery("SELECT " + columns + " FROM read_parquet('" + glob + "') ORDER BY 1")) {
            while (rs.next()) {
                row.accept(rs);
            }
        }
    }
}
