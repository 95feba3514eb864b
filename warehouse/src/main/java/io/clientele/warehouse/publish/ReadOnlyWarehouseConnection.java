package io.clientele.warehouse.publish;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Opens the published DuckDB file the way its readers (query, dashboard, status) must:
 * read-only, so a reader never blocks or changes the nightly publish, and in UTC, the
 * warehouse time zone, so timestamps read the same on every machine.
 */
public final class ReadOnlyWarehouseConnection {

    private ReadOnlyWarehouseConnection() {}

    public static Connection open(Path duckDbFile) throws SQLException {
        return open(duckDbFile, false);
    }

    /**
     * As {@link #open(Path)}; with {@code streamResults} a result is fetched from DuckDB chunk by
     * chunk as it is read, not materialised whole first (for results of any size, e.g. query's CSV).
     */
    public static Connection open(Path duckDbFile, boolean streamResults) throws SQLException {
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        if (streamResults) {
            readOnly.setProperty("jdbc_stream_results", "true");
        }
        Connection connection = DriverManager.getConnection("jdbc:duckdb:" + duckDbFile, readOnly);
        try (Statement s = connection.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }
}
