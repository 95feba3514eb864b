package io.clientele.warehouse.predict;

import io.clientele.warehouse.engine.EngineException;
import io.clientele.warehouse.engine.ParquetDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.util.List;

/**
 * Writes the small outputs of the churn model with an in-memory DuckDB: the model_fit rows,
 * and an empty churn_scores table when nothing was fitted (so that the marts always find the
 * table, with its schema, and need no Spark to read it).
 */
final class ChurnOutputWriter {

    static final String SCORES_SCHEMA =
            "SELECT CAST(NULL AS VARCHAR) AS customer_id, CAST(NULL AS DOUBLE) AS churn_probability WHERE FALSE";

    private ChurnOutputWriter() {
    }

    /** Writes {@code rows} to one Parquet file; fitted_at is the end of the as-of date, so a rerun writes the same. */
    static long writeModelFit(Path file, LocalDate asOf, List<ModelFitRow> rows) {
        createParent(file);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = c.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
            s.execute("""
                    CREATE TABLE model_fit (model VARCHAR, parameter VARCHAR, value DOUBLE, time_unit VARCHAR,
                        n_customers BIGINT, log_likelihood DOUBLE, fitted_at TIMESTAMP, cohort VARCHAR, note VARCHAR)""");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO model_fit VALUES (?, ?, ?, ?, ?, ?, TIMESTAMP '"
                    + asOf + " 23:59:59.999999', ?, ?)")) {
                for (ModelFitRow row : rows) {
                    insert.setString(1, row.model());
                    insert.setString(2, row.parameter());
                    setDouble(insert, 3, row.value());
                    insert.setString(4, row.timeUnit());
                    if (row.nCustomers() == null) {
                        insert.setNull(5, Types.BIGINT);
                    } else {
                        insert.setLong(5, row.nCustomers());
                    }
                    setDouble(insert, 6, row.logLikelihood());
                    insert.setString(7, row.cohort());
                    insert.setString(8, row.note());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            Files.deleteIfExists(file);
            s.execute("COPY (SELECT * FROM model_fit) TO " + ParquetDirectory.literal(file) + " (FORMAT parquet)");
            return rows.size();
        } catch (SQLException e) {
            throw new EngineException("cannot write " + file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace " + file, e);
        }
    }

    /** An empty churn_scores table (no customer scored): the mart's churn_probability stays null. */
    static void writeNoScores(Path directory) {
        ParquetDirectory.deleteRecursively(directory);
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory, e);
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = c.createStatement()) {
            s.execute("COPY (" + SCORES_SCHEMA + ") TO " + ParquetDirectory.literal(directory.resolve("part-0.parquet"))
                    + " (FORMAT parquet)");
        } catch (SQLException e) {
            throw new EngineException("cannot write " + directory + ": " + e.getMessage(), e);
        }
    }

    private static void setDouble(PreparedStatement insert, int index, Double value) throws SQLException {
        if (value == null || value.isNaN() || value.isInfinite()) {
            insert.setNull(index, Types.DOUBLE);
        } else {
            insert.setDouble(index, value);
        }
    }

    private static void createParent(Path file) {
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file.getParent(), e);
        }
    }
}
