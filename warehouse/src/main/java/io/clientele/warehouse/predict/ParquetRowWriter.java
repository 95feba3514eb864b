package io.clientele.warehouse.predict;

import io.clientele.warehouse.engine.DuckDbDatabase;
import io.clientele.warehouse.engine.EngineException;
import io.clientele.warehouse.engine.ParquetDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Writes rows computed in Java (model parameters, per-history predictions) as one Parquet
 * file that either engine then reads: appended to an in-memory DuckDB table and copied out,
 * written beside the target and moved into place.
 */
final class ParquetRowWriter {

    private ParquetRowWriter() {}

    /**
     * @param file    the Parquet file to (re)write
     * @param columns DDL of the staging table, e.g. {@code "model VARCHAR, value DOUBLE"}
     * @param select  the select list copied out of the staging table {@code t} (casts, constants)
     * @param rows    values in column order: String, Long, Integer, Double, Boolean or null
     */
    static void write(Path file, String columns, String select, List<Object[]> rows) {
        Path writing = file.resolveSibling("." + file.getFileName() + ".writing");
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(writing);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (DuckDbDatabase.Lease lease = DuckDbDatabase.scratch();
                Statement s = lease.connection().createStatement()) {
            Connection c = lease.connection();
            s.execute("SET TimeZone = 'UTC'");
            s.execute("CREATE TEMP TABLE t (" + columns + ")");
            try (DuckDBAppender appender = c.unwrap(DuckDBConnection.class).createAppender("temp", "main", "t")) {
                for (Object[] row : rows) {
                    appender.beginRow();
                    for (Object v : row) {
                        append(appender, v);
                    }
                    appender.endRow();
                }
            }
            s.execute("COPY (SELECT " + select + " FROM t) TO " + ParquetDirectory.literal(writing)
                    + " (FORMAT parquet)");
        } catch (SQLException e) {
            throw new EngineException("cannot write " + file + ": " + e.getMessage(), e);
        }
        try {
            Files.move(writing, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + writing + " to " + file, e);
        }
    }

    private static void append(DuckDBAppender appender, Object v) throws SQLException {
        if (v == null) {
            appender.appendNull();
        } else if (v instanceof String s) {
            appender.append(s);
        } else if (v instanceof Long l) {
            appender.append(l.longValue());
        } else if (v instanceof Integer i) {
            appender.append(i.intValue());
        } else if (v instanceof Double d) {
            appender.append(d.doubleValue());
        } else if (v instanceof Boolean b) {
            appender.append(b.booleanValue());
        } else {
            throw new IllegalArgumentException("cannot write a " + v.getClass().getSimpleName() + " to Parquet here");
        }
    }
}
