package io.clientele.warehouse.stage;

import io.clientele.schemas.SourceContract;
import io.clientele.warehouse.engine.DuckDbDatabase;
import io.clientele.warehouse.engine.EngineException;
import io.clientele.warehouse.engine.ParquetDirectory;
import io.clientele.warehouse.layout.WarehouseLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.stream.Collectors;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Writes one source's validated extract as the landing files the stage reads:
 * {@code rows.parquet} (every contract column as canonical text, plus {@code _file} and
 * {@code _line}) and {@code rejects.parquet} (the rows refused, with their reason).
 * Rows are appended to a scratch DuckDB database beside them, which spills to disk, and
 * copied to Parquet by {@link #finish} once the source is read, so a large extract never
 * has to fit in memory.
 */
public final class LandingParquetWriter implements AutoCloseable {

    private final SourceContract source;
    private final Path directory;
    private final Connection connection;
    private final DuckDBAppender rows;
    private final DuckDBAppender rejects;
    private long rowCount;
    private long rejectCount;

    private LandingParquetWriter(SourceContract source, Path scratchFile) throws SQLException {
        this.source = source;
        this.directory = scratchFile.getParent();
        this.connection = DriverManager.getConnection("jdbc:duckdb:" + scratchFile);
        try {
            try (Statement s = connection.createStatement()) {
                // Small on purpose: the extract runs beside the rest of the job in one JVM.
                s.execute("SET memory_limit = '512MB'");
                s.execute("SET preserve_insertion_order = true");
                s.execute("CREATE TABLE landing_rows ("
                        + source.columnNames().stream().map(c -> c + " VARCHAR").collect(Collectors.joining(", "))
                        + ", _file VARCHAR, _line BIGINT)");
                s.execute("CREATE TABLE landing_rejects (run_id VARCHAR, source VARCHAR, file VARCHAR, line BIGINT,"
                        + " record_key VARCHAR, column_name VARCHAR, reason VARCHAR, raw_row VARCHAR)");
            }
            DuckDBConnection duck = connection.unwrap(DuckDBConnection.class);
            this.rows = duck.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "landing_rows");
            this.rejects = duck.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "landing_rejects");
        } catch (SQLException | RuntimeException e) {
            // Left open, the database would stay cached under its path: a rerun in this JVM would get
            // it back, bound to the deleted file, and its landing rows would vanish with it.
            try {
                connection.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Starts tonight's landing files of a source, replacing any from an earlier attempt. */
    public static LandingParquetWriter open(WarehouseLayout layout, LocalDate runDate, SourceContract source) {
        Path rowsFile = layout.landingRows(runDate, source.source());
        Path directory = rowsFile.getParent();
        ParquetDirectory.deleteRecursively(directory);
        try {
            Files.createDirectories(directory);
            return new LandingParquetWriter(source, scratchFile(directory));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new EngineException("cannot open the landing area of " + source.source() + " in " + directory, e);
        }
    }

    /** Appends one valid row: values in contract column order, null for empty. */
    public void appendRow(String file, long line, String[] values) {
        try {
            rows.beginRow();
            for (String value : values) {
                if (value == null) {
                    rows.appendNull();
                } else {
                    rows.append(value);
                }
            }
            rows.append(file);
            rows.append(line);
            rows.endRow();
            rowCount++;
        } catch (SQLException e) {
            throw new EngineException("cannot append a landing row of " + source.source(), e);
        }
    }

    /** Keeps one refused row with its reason: nothing read is lost. */
    public void appendReject(
            String runId, String file, long line, String recordKey, String column, String reason, String rawRow) {
        try {
            rejects.beginRow();
            appendNullable(rejects, runId);
            rejects.append(source.source());
            appendNullable(rejects, file);
            rejects.append(line);
            appendNullable(rejects, recordKey);
            appendNullable(rejects, column);
            appendNullable(rejects, reason);
            appendNullable(rejects, rawRow);
            rejects.endRow();
            rejectCount++;
        } catch (SQLException e) {
            throw new EngineException("cannot append a reject of " + source.source(), e);
        }
    }

    /**
     * The scratch database, for an extract that fills {@code landing_rows} with SQL (a bulk CSV
     * read); it reports what it added with {@link #countRowsAdded}.
     */
    public Connection connection() {
        return connection;
    }

    /** Counts rows added to {@code landing_rows} or {@link #bulkRowsFile()} by SQL on {@link #connection()}. */
    public void countRowsAdded(long added) {
        rowCount += added;
    }

    /**
     * Where a bulk read may write its rows as Parquet directly (the columns of {@code landing_rows}),
     * instead of through the scratch database: {@link #finish} makes it the landing file, adding
     * the appended rows if there are any.
     */
    public Path bulkRowsFile() {
        return bulkRowsFile(directory);
    }

    private static Path bulkRowsFile(Path directory) {
        return directory.resolve(".bulk-rows.parquet");
    }

    public long rowCount() {
        return rowCount;
    }

    public long rejectCount() {
        return rejectCount;
    }

    /** Flushes the appended rows into the scratch database; {@link #finish} turns them into Parquet. */
    @Override
    public void close() {
        try {
            if (!rows.isClosed()) {
                rows.close();
            }
            if (!rejects.isClosed()) {
                rejects.close();
            }
            connection.close();
        } catch (SQLException e) {
            throw new EngineException("cannot close the landing area of " + source.source(), e);
        }
    }

    /** Row and reject counts of one source's landing files. */
    public record LandingCounts(String source, long rows, long rejects) {}

    /**
     * Writes a source's landing Parquet from its scratch database and removes the scratch.
     * Called once every source is read, by a step of its own, so a failure here fails the
     * run instead of leaving a half-written landing area behind.
     */
    public static LandingCounts finish(WarehouseLayout layout, LocalDate runDate, SourceContract source) {
        Path rowsFile = layout.landingRows(runDate, source.source());
        Path scratch = scratchFile(rowsFile.getParent());
        if (!Files.exists(scratch)) {
            if (Files.exists(rowsFile)) {
                return landedCounts(layout, runDate, source); // finished by an earlier attempt of the run
            }
            throw new EngineException(
                    "no landing area for " + source.source() + " on " + runDate + ": its extract step has not run",
                    null);
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + scratch);
                Statement s = c.createStatement()) {
            s.execute("SET memory_limit = '512MB'");
            s.execute("SET preserve_insertion_order = true");
            long rows = count(s, "landing_rows");
            long rejects = count(s, "landing_rejects");
            Path bulk = bulkRowsFile(rowsFile.getParent());
            if (!Files.exists(bulk)) {
                s.execute("COPY landing_rows TO " + literal(rowsFile) + " (FORMAT parquet)");
            } else if (rows == 0) {
                rows = count(s, "read_parquet(" + literal(bulk) + ")");
                Files.move(bulk, rowsFile, StandardCopyOption.REPLACE_EXISTING); // written once, not copied again
            } else {
                rows += count(s, "read_parquet(" + literal(bulk) + ")");
                s.execute("COPY (SELECT * FROM read_parquet(" + literal(bulk) + ") UNION ALL BY NAME SELECT * FROM"
                        + " landing_rows) TO " + literal(rowsFile) + " (FORMAT parquet)");
                Files.delete(bulk);
            }
            Path rejectsFile = layout.landingRejects(runDate, source.source());
            Files.deleteIfExists(rejectsFile);
            if (rejects > 0) {
                s.execute("COPY landing_rejects TO " + literal(rejectsFile) + " (FORMAT parquet)");
            }
            c.close();
            deleteScratch(scratch);
            return new LandingCounts(source.source(), rows, rejects);
        } catch (SQLException e) {
            throw new EngineException("cannot write the landing Parquet of " + source.source(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static LandingCounts landedCounts(WarehouseLayout layout, LocalDate runDate, SourceContract source) {
        Path rejectsFile = layout.landingRejects(runDate, source.source());
        try (DuckDbDatabase.Lease lease = DuckDbDatabase.scratch();
                Statement s = lease.connection().createStatement()) {
            long rows = count(s, "read_parquet(" + literal(layout.landingRows(runDate, source.source())) + ")");
            long rejects = Files.exists(rejectsFile) ? count(s, "read_parquet(" + literal(rejectsFile) + ")") : 0;
            return new LandingCounts(source.source(), rows, rejects);
        } catch (SQLException e) {
            throw new EngineException("cannot read the landing Parquet of " + source.source(), e);
        }
    }

    private static long count(Statement s, String table) throws SQLException {
        try (var rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String literal(Path path) {
        return "'" + path.toString().replace("'", "''") + "'";
    }

    private static Path scratchFile(Path directory) {
        return directory.resolve(".landing.duckdb");
    }

    private static void deleteScratch(Path scratchFile) {
        try {
            Files.deleteIfExists(scratchFile);
            Files.deleteIfExists(scratchFile.resolveSibling(scratchFile.getFileName() + ".wal"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void appendNullable(DuckDBAppender appender, String value) throws SQLException {
        if (value == null) {
            appender.appendNull();
        } else {
            appender.append(value);
        }
    }
}
