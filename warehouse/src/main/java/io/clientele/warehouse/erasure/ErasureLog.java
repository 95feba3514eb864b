package io.clientele.warehouse.erasure;

import io.clientele.warehouse.engine.EngineException;
import io.clientele.warehouse.engine.ParquetDirectory;
import io.clientele.warehouse.engine.SqlDialect;
import io.clientele.warehouse.engine.SqlTemplate;
import io.clientele.warehouse.layout.WarehouseLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The record of every {@code clientele forget}: Parquet under {@code lake/erasure_log/}, one
 * file per erasure, published as the view {@code erasure_log} like any lake table. The
 * stage reads it every night to keep forgotten customers forgotten.
 */
public final class ErasureLog {

    public static final String TABLE = WarehouseLayout.ERASURE_LOG;

    private static final DateTimeFormatter FILE_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

    private final WarehouseLayout layout;

    public ErasureLog(WarehouseLayout layout) {
        this.layout = layout;
    }

    public static Path directory(WarehouseLayout layout) {
        return layout.erasureLog();
    }

    public static boolean exists(WarehouseLayout layout) {
        return ParquetDirectory.hasParquetFiles(directory(layout));
    }

    /** When the customer was first erased, if ever. */
    public Optional<Instant> erasedAt(String customerId) {
        if (!exists(layout)) {
            return Optional.empty();
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT min(erased_at) FROM read_parquet("
                        + ParquetDirectory.literal(directory(layout).resolve("*.parquet")) + ") WHERE customer_id = "
                        + literal(customerId))) {
            rs.next();
            java.sql.Timestamp at = rs.getTimestamp(1);
            return at == null
                    ? Optional.empty()
                    : Optional.of(at.toLocalDateTime().toInstant(ZoneOffset.UTC));
        } catch (SQLException e) {
            throw new EngineException("cannot read " + directory(layout) + ": " + e.getMessage(), e);
        }
    }

    /** Every customer erased so far (a short list: one entry per erasure request). */
    public java.util.Set<String> customerIds() {
        java.util.Set<String> ids = new java.util.HashSet<>();
        if (!exists(layout)) {
            return ids;
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT DISTINCT customer_id FROM read_parquet("
                        + ParquetDirectory.literal(directory(layout).resolve("*.parquet")) + ")")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
            return ids;
        } catch (SQLException e) {
            throw new EngineException("cannot read " + directory(layout) + ": " + e.getMessage(), e);
        }
    }

    /** Adds one erasure: a new file written beside, then renamed into the log's directory. */
    public void append(String customerId, Instant erasedAt, List<String> erasedColumns, LocalDate warehouseAsOf) {
        Path dir = directory(layout);
        String name = "erasure-" + FILE_STAMP.format(erasedAt) + "-" + UUID.randomUUID() + ".parquet";
        Path target = dir.resolve(name);
        Path writing = dir.resolve("." + name + ".writing");
        String sql = SqlTemplate.load("erasure/erasure_log_entry.sql")
                .render(
                        new SqlDialect.DuckDb(),
                        Map.of(
                                "customer_id", literal(customerId),
                                "erased_at",
                                        literal(erasedAt.atOffset(ZoneOffset.UTC)
                                                .toLocalDateTime()
                                                .toString()),
                                "erased_columns", literal(String.join(", ", erasedColumns)),
                                "warehouse_as_of", warehouseAsOf == null ? "NULL" : literal(warehouseAsOf.toString())));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            s.execute("COPY (" + sql + ") TO " + ParquetDirectory.literal(writing) + " (FORMAT parquet)");
        } catch (SQLException e) {
            throw new EngineException("cannot write " + writing + ": " + e.getMessage(), e);
        }
        try {
            Files.move(writing, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rename " + writing + " to " + target, e);
        }
    }

    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
