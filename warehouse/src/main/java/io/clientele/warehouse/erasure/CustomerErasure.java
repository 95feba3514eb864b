package io.clientele.warehouse.erasure;

import io.clientele.schemas.ColumnContract;
import io.clientele.schemas.SourceContract;
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
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code clientele forget}: empties one customer's personal data (the columns the source
 * contracts mark {@code pii}: name, email, phone, city, and their hashes) in every Parquet
 * file under the warehouse directory — every version of {@code dim_customer}, the state
 * snapshots, landing files a failed run left behind, the raw rows of rejects — and rebuilds
 * the DuckDB file. Rows are kept with their customer_id, so facts and totals do not change.
 * Parquet cannot be edited in place: each affected file is rewritten beside and renamed over
 * the old one. The erasure is logged first ({@link ErasureLog}), so it holds for later nights
 * even if this is interrupted; running it again finishes the job.
 *
 * <p>The caller makes sure no nightly run is under way in the directory, and hands in the
 * published file's as-of date and its rebuild ({@link PublishedFile}): the erasure does not know
 * how the warehouse is published.
 */
public final class CustomerErasure {

    private static final Logger log = LoggerFactory.getLogger(CustomerErasure.class);
    private static final String CUSTOMER_ID = "customer_id";
    private static final String ROW_HASH = "row_hash";
    private static final String RAW_ROW = "raw_row";

    /** What an erasure needs of the published DuckDB file. */
    public interface PublishedFile {
        /** The as-of date the published file was built for (asked only when the file exists). */
        LocalDate asOfDate();

        /** Rebuilds the published file from the Parquet files under the warehouse directory. */
        void rebuild();
    }

    private final WarehouseLayout layout;
    private final PublishedFile published;
    /** Personal columns as the files name them: the contract's, and {@code <column>_hash} of hashed ones. */
    private final List<String> personalColumns;
    /** Sources whose refused rows may carry a customer's personal data, keyed by customer_id. */
    private final List<String> personalSources;

    public CustomerErasure(WarehouseLayout layout, List<SourceContract> sources, PublishedFile published) {
        this.layout = layout;
        this.published = published;
        Set<String> columns = new LinkedHashSet<>();
        List<String> personal = new ArrayList<>();
        for (SourceContract source : sources) {
            for (ColumnContract column : source.columns()) {
                if (column.personal()) {
                    columns.add(column.name());
                    if (column.hashed()) {
                        columns.add(column.name() + "_hash");
                    }
                    if (!personal.contains(source.source())) {
                        personal.add(source.source());
                    }
                }
            }
        }
        this.personalColumns = List.copyOf(columns);
        this.personalSources = List.copyOf(personal);
    }

    /** What one erasure did. */
    public record Result(
            String customerId,
            Instant erasedAt,
            boolean erasedBefore,
            int filesRewritten,
            long rowsErased,
            boolean republished) {}

    /** Thrown when the customer is not in the warehouse at all (nothing is changed then). */
    public static final class UnknownCustomerException extends RuntimeException {
        public UnknownCustomerException(String message) {
            super(message);
        }
    }

    public Result forget(String customerId, Instant now) {
        if (customerId == null || customerId.isBlank()) {
            throw new IllegalArgumentException("a customer id is required");
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            List<ParquetFile> files = parquetFiles(s);
            List<ParquetFile> customerFiles = files.stream()
                    .filter(f -> f.has(CUSTOMER_ID) && personalColumnsOf(f).size() > 0)
                    .toList();
            long known = 0;
            for (ParquetFile f : customerFiles) {
                known += count(s, f, "customer_id = " + ErasureLog.literal(customerId));
            }
            ErasureLog erasureLog = new ErasureLog(layout);
            Optional<Instant> before = erasureLog.erasedAt(customerId);
            if (known == 0 && before.isEmpty()) {
                throw new UnknownCustomerException("unknown customer " + customerId + ": not in dim_customer nor in"
                        + " any staged extract under " + layout.root());
            }
            Set<String> values = personalValues(s, customerFiles, customerId);
            if (before.isEmpty()) {
                erasureLog.append(customerId, now, personalColumns, publishedAsOf());
            }
            int rewritten = 0;
            long rows = 0;
            for (ParquetFile f : files) {
                Map<String, String> erased = new java.util.LinkedHashMap<>();
                String condition = null;
                if (customerFiles.contains(f)) {
                    condition = "customer_id = " + ErasureLog.literal(customerId);
                    String personalNotNull = personalColumnsOf(f).stream()
                            .map(col -> col + " IS NOT NULL")
                            .collect(Collectors.joining(" OR "));
                    long affected = count(s, f, condition + " AND (" + personalNotNull + ")");
                    if (affected > 0) {
                        for (String col : personalColumnsOf(f)) {
                            erased.put(col, "CASE WHEN " + condition + " THEN NULL ELSE " + col + " END");
                        }
                        if (f.has(ROW_HASH)) {
                            String rowHash = SqlTemplate.load("erasure/dim_customer_row_hash.sql")
                                    .render(new SqlDialect.DuckDb(), Map.of());
                            erased.put(
                                    ROW_HASH,
                                    "CASE WHEN " + condition + " AND row_hash IS NOT NULL THEN " + rowHash
                                            + " ELSE row_hash END");
                        }
                        rows += affected;
                    }
                }
                if (f.has(RAW_ROW) && f.has("source") && f.has("record_key")) {
                    String rejectCondition = rejectCondition(customerId, values);
                    long affected = count(s, f, "raw_row IS NOT NULL AND (" + rejectCondition + ")");
                    if (affected > 0) {
                        erased.put(RAW_ROW, "CASE WHEN " + rejectCondition + " THEN NULL ELSE raw_row END");
                        rows += affected;
                    }
                }
                if (!erased.isEmpty()) {
                    rewrite(s, f, erased);
                    rewritten++;
                }
            }
            deleteScratchDatabases();
            boolean republished = false;
            if (Files.exists(layout.duckDbFile())) {
                published.rebuild();
                republished = true;
            }
            log.info(
                    "forget {}: {} rows in {} files emptied of personal data{}",
                    customerId,
                    rows,
                    rewritten,
                    republished ? ", " + layout.duckDbFile() + " rebuilt" : "");
            return new Result(customerId, before.orElse(now), before.isPresent(), rewritten, rows, republished);
        } catch (SQLException e) {
            throw new EngineException("cannot erase customer " + customerId + ": " + e.getMessage(), e);
        }
    }

    /** The columns the erasure empties, as they appear in the files. */
    public List<String> personalColumns() {
        return personalColumns;
    }

    private List<String> personalColumnsOf(ParquetFile f) {
        return personalColumns.stream().filter(f::has).toList();
    }

    /**
     * A refused row belongs to the customer when it is a row of a source with personal data
     * keyed by their id, or when its raw text holds one of their personal values (a record too
     * broken to have a key). City is left out of that match: it is shared by many people.
     */
    private String rejectCondition(String customerId, Set<String> values) {
        StringBuilder sql = new StringBuilder("(source IN (")
                .append(personalSources.stream().map(ErasureLog::literal).collect(Collectors.joining(", ")))
                .append(") AND record_key = ")
                .append(ErasureLog.literal(customerId))
                .append(')');
        for (String value : values) {
            sql.append(" OR contains(raw_row, ")
                    .append(ErasureLog.literal(value))
                    .append(')');
        }
        return sql.toString();
    }

    private Set<String> personalValues(Statement s, List<ParquetFile> files, String customerId) throws SQLException {
        Set<String> values = new LinkedHashSet<>();
        for (ParquetFile f : files) {
            for (String col : personalColumnsOf(f)) {
                if (col.equals("city")) {
                    continue;
                }
                try (ResultSet rs = s.executeQuery("SELECT DISTINCT CAST(" + col + " AS VARCHAR) FROM " + f.scan()
                        + " WHERE customer_id = " + ErasureLog.literal(customerId) + " AND " + col + " IS NOT NULL")) {
                    while (rs.next()) {
                        String v = rs.getString(1).strip();
                        if (v.length() >= 4) { // shorter values would match unrelated rows
                            values.add(v);
                        }
                    }
                }
            }
        }
        return values;
    }

    private void rewrite(Statement s, ParquetFile f, Map<String, String> erased) throws SQLException {
        String columns = erased.entrySet().stream()
                .map(e -> e.getValue() + " AS " + e.getKey())
                .collect(Collectors.joining(", "));
        String sql = SqlTemplate.load("erasure/erase_customer_rows.sql")
                .render(
                        new SqlDialect.DuckDb(),
                        Map.of("erased_columns", columns, "file", ParquetDirectory.literal(f.path())));
        Path writing = f.path().resolveSibling("." + f.path().getFileName() + ".erasing");
        s.execute("COPY (" + sql + ") TO " + ParquetDirectory.literal(writing) + " (FORMAT parquet)");
        try {
            Files.move(writing, f.path(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            // Spark's checksum of the old content would no longer match; without one, Spark reads the file as is.
            Files.deleteIfExists(f.path().resolveSibling("." + f.path().getFileName() + ".crc"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace " + f.path(), e);
        }
    }

    /**
     * The scratch databases of an extract that was interrupted hold its rows in clear; the
     * run's next attempt re-reads the extract and makes them anew, so they can go.
     */
    private void deleteScratchDatabases() {
        Path landing = layout.landingRoot();
        List<Path> scratch = new ArrayList<>();
        if (Files.isDirectory(landing)) {
            try (Stream<Path> paths = Files.walk(landing)) {
                paths.filter(p -> p.getFileName().toString().startsWith(".landing.duckdb"))
                        .forEach(scratch::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + landing, e);
            }
        }
        scratch.add(layout.duckDbFileBuilding());
        scratch.add(layout.duckDbFileBuildingWal());
        for (Path p : scratch) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + p, e);
            }
        }
    }

    private LocalDate publishedAsOf() {
        return Files.exists(layout.duckDbFile()) ? published.asOfDate() : null;
    }

    private List<ParquetFile> parquetFiles(Statement s) throws SQLException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(layout.root())) {
            paths = walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".parquet"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + layout.root(), e);
        }
        List<ParquetFile> files = new ArrayList<>();
        for (Path p : paths) {
            Set<String> columns = new LinkedHashSet<>();
            try (ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM " + ParquetFile.scan(p))) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
            files.add(new ParquetFile(p, columns));
        }
        return files;
    }

    private static long count(Statement s, ParquetFile f, String condition) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + f.scan() + " WHERE " + condition)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private record ParquetFile(Path path, Set<String> columns) {
        boolean has(String column) {
            return columns.contains(column);
        }

        String scan() {
            return scan(path);
        }

        static String scan(Path path) {
            return "read_parquet(" + ParquetDirectory.literal(path) + ", hive_partitioning = false)";
        }
    }
}
