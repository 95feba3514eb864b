package io.clientele.warehouse.publish;

import io.clientele.warehouse.catalog.Catalog;
import io.clientele.warehouse.catalog.SqlFiles;
import io.clientele.warehouse.catalog.TableManifest;
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
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last step of a night: moves the run's state, lake and marts into place and builds
 * the DuckDB file analysts open — a view per lake table, a table per mart, the analyst
 * views of {@code warehouse/sql/publish/} — beside the old one, then renames it over the
 * old one in one step, so a reader sees either last night's warehouse or tonight's. Every
 * table, view and column of the file carries its manifest's description as a comment
 * ({@link TableComments}).
 */
public final class WarehousePublisher {

    /** How many nightly state snapshots are kept for reruns and backfills. */
    public static final int STATE_SNAPSHOTS_KEPT = 7;
    /** Lake snapshots kept for the DuckDB files readers may hold: tonight's and last night's. */
    public static final int PUBLISHED_SNAPSHOTS_KEPT = 2;

    private static final java.time.format.DateTimeFormatter PUBLISH_ID =
            java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS").withZone(java.time.ZoneOffset.UTC);

    private static final Logger log = LoggerFactory.getLogger(WarehousePublisher.class);

    private final WarehouseLayout layout;

    public WarehousePublisher(WarehouseLayout layout) {
        this.layout = layout;
    }

    public PublishedWarehouse publish(LocalDate runDate, String engine) {
        long started = System.nanoTime();
        moveState(runDate);
        List<String> lakeTables = moveTables(layout.workLake(runDate), layout.lake());
        List<String> marts = moveTables(layout.workMarts(runDate), layout.marts());
        for (String table : publishedPredictions()) {
            if (ParquetDirectory.hasParquetFiles(layout.workPredictTable(runDate, table))) {
                move(layout.workPredictTable(runDate, table), layout.predictTable(table));
            }
        }
        // not a table of the file: the churn fit the next nights score with
        if (ParquetDirectory.hasParquetFiles(layout.workChurnFit(runDate))) {
            move(layout.workChurnFit(runDate), layout.churnFit());
        }
        // Tables of earlier nights that tonight did not rebuild stay published.
        lakeTables = listTables(layout.lake());
        marts = listTables(layout.marts());
        buildDuckDbFile(runDate, engine, lakeTables, marts);
        ParquetDirectory.deleteRecursively(layout.work(runDate));
        // The landing files hold personal data in clear; their rejects live on in etl_rejects.
        ParquetDirectory.deleteRecursively(layout.landing(runDate));
        log.info(
                "publish: {} lake views, {} mart tables in {} ({} ms)",
                lakeTables.size(),
                marts.size(),
                layout.duckDbFile(),
                (System.nanoTime() - started) / 1_000_000);
        return new PublishedWarehouse(layout.duckDbFile(), lakeTables, marts);
    }

    /**
     * Rebuilds the DuckDB file from what is published under lake/ and marts/, for the same
     * as-of date and engine, the same way (beside, then renamed): after {@code clientele forget}
     * rewrote Parquet files, and so no block of the old file outlives it.
     */
    public PublishedWarehouse republish() {
        PublishedInfo info = publishedInfo(layout);
        List<String> lakeTables = listTables(layout.lake());
        List<String> marts = listTables(layout.marts());
        buildDuckDbFile(info.asOfDate(), info.engine(), lakeTables, marts);
        return new PublishedWarehouse(layout.duckDbFile(), lakeTables, marts);
    }

    /** The as-of date and engine of the published file ({@code warehouse_info}). */
    public static PublishedInfo publishedInfo(WarehouseLayout layout) {
        try (Connection c = ReadOnlyWarehouseConnection.open(layout.duckDbFile());
                Statement s = c.createStatement();
                java.sql.ResultSet rs =
                        s.executeQuery("SELECT CAST(as_of_date AS VARCHAR), engine FROM warehouse_info")) {
            if (!rs.next()) {
                throw new EngineException(layout.duckDbFile() + ": warehouse_info is empty", null);
            }
            return new PublishedInfo(LocalDate.parse(rs.getString(1)), rs.getString(2));
        } catch (SQLException e) {
            throw new EngineException(
                    "cannot read warehouse_info of " + layout.duckDbFile() + ": " + e.getMessage(), e);
        }
    }

    /** What {@code warehouse_info} says of the published file. */
    public record PublishedInfo(LocalDate asOfDate, String engine) {}

    private void moveState(LocalDate runDate) {
        Path workState = layout.workState(runDate);
        for (String name : listTables(workState)) {
            Path target = layout.stateSnapshot(name, runDate);
            move(workState.resolve(name), target);
            pruneSnapshots(target.getParent());
        }
    }

    private void pruneSnapshots(Path sourceDir) {
        try (Stream<Path> snapshots = Files.list(sourceDir)) {
            List<Path> sorted = snapshots
                    .filter(p -> p.getFileName().toString().startsWith("run="))
                    .sorted(Comparator.comparing((Path p) -> p.getFileName().toString())
                            .reversed())
                    .toList();
            sorted.stream().skip(STATE_SNAPSHOTS_KEPT).forEach(ParquetDirectory::deleteRecursively);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> moveTables(Path from, Path to) {
        List<String> names = listTables(from);
        for (String name : names) {
            move(from.resolve(name), to.resolve(name));
        }
        return names;
    }

    private static void move(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            ParquetDirectory.replace(to, from);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> listTables(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> tables = Files.list(dir)) {
            return tables.filter(Files::isDirectory)
                    .filter(ParquetDirectory::hasParquetFiles)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void buildDuckDbFile(LocalDate runDate, String engine, List<String> lakeTables, List<String> marts) {
        Path target = layout.duckDbFile();
        Path building = layout.duckDbFileBuilding();
        // The lake views read a snapshot of lake/ made of hard links, not lake/ itself: the next
        // night replaces lake/'s files, and a reader still holding this file must go on reading these.
        String publishId = PUBLISH_ID.format(Instant.now());
        Path snapshot = layout.publishedLake(publishId);
        try {
            Files.createDirectories(target.getParent());
            Files.deleteIfExists(building);
            Files.deleteIfExists(layout.duckDbFileBuildingWal());
            for (String table : lakeTables) {
                linkTree(layout.lakeTable(table), snapshot.resolve(table));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + building);
                Statement s = c.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
            // One transaction: the file is a scratch until it is moved into place, and a commit per
            // statement (hundreds, with the comments) would write and sync the log each time.
            c.setAutoCommit(false);
            for (String table : lakeTables) {
                s.execute("CREATE VIEW " + table + " AS SELECT * FROM " + parquetScan(snapshot.resolve(table)));
            }
            for (String mart : marts) {
                s.execute("CREATE TABLE " + mart + " AS SELECT * FROM " + parquetScan(layout.martTable(mart)));
            }
            for (String table : publishedPredictions()) {
                if (!ParquetDirectory.hasParquetFiles(layout.predictTable(table))) {
                    continue;
                }
                TableManifest manifest = Catalog.load().table(table);
                if (manifest.publishedAs() == TableManifest.Published.VIEW) {
                    s.execute("CREATE VIEW " + table + " AS SELECT * FROM " + parquetScan(layout.predictTable(table)));
                } else {
                    // e.g. model_fit: one file per model family (clv, sbg, churn_logit, ...), whichever are there
                    s.execute("CREATE TABLE " + table + " AS SELECT * FROM read_parquet("
                            + ParquetDirectory.literal(
                                    layout.predictTable(table).resolve("*.parquet"))
                            + ", union_by_name = true)" + orderedByKey(manifest));
                }
            }
            for (String view : analystViews()) {
                String sql = SqlTemplate.load("publish/" + view + ".sql").render(new SqlDialect.DuckDb(), Map.of());
                s.execute("CREATE VIEW " + view + " AS " + sql);
            }
            s.execute("CREATE TABLE warehouse_info AS SELECT DATE '" + runDate + "' AS as_of_date, TIMESTAMP '"
                    + Instant.now().toString().replace('T', ' ').replace("Z", "") + "' AS published_at, '"
                    + engine + "' AS engine");
            // The check step runs after the swap and must not write into the published file, so the
            // report is a view over its Parquet: a reader sees tonight's report as soon as it is written.
            Path schemaReport = layout.dataQualitySchemaReport();
            if (!Files.exists(schemaReport)) {
                Files.createDirectories(schemaReport.getParent());
                s.execute("COPY (" + DataQualityReportTable.emptySql() + ") TO "
                        + ParquetDirectory.literal(schemaReport) + " (FORMAT parquet)");
            }
            s.execute("CREATE VIEW dq_report AS SELECT * FROM read_parquet("
                    + ParquetDirectory.literal(layout.dataQualityReportGlob()) + ", hive_partitioning = false)");
            TableComments.write(c, Catalog.load());
            c.commit();
            c.setAutoCommit(true);
            s.execute("CHECKPOINT");
        } catch (SQLException e) {
            ParquetDirectory.deleteRecursively(snapshot.getParent());
            throw new EngineException("cannot build " + building + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Files.move(building, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace " + target, e);
        }
        prunePublishedSnapshots();
    }

    /**
     * Keeps the snapshots of the file just published and of the one before, which readers
     * opened before tonight's swap still read; a reader that holds a file across two more
     * publishes must reopen it.
     */
    private void prunePublishedSnapshots() {
        Path published = layout.published();
        try (Stream<Path> ids = Files.list(published)) {
            ids.sorted(Comparator.comparing((Path p) -> p.getFileName().toString())
                            .reversed())
                    .skip(PUBLISHED_SNAPSHOTS_KEPT)
                    .forEach(ParquetDirectory::deleteRecursively);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The predict stage's published outputs (manifests of warehouse/sql/predict/ not "not published"). */
    public static List<String> publishedPredictions() {
        return Catalog.load().layer("predict").stream()
                .filter(TableManifest::isPublished)
                .map(TableManifest::name)
                .toList();
    }

    /** The analyst views: the manifests of warehouse/sql/publish/ that have a SQL file, in dependency order. */
    public static List<String> analystViews() {
        return Catalog.load().layer("publish").stream()
                .filter(m -> m.publishedAs() == TableManifest.Published.VIEW && SqlFiles.exists(m.sqlPath()))
                .map(TableManifest::name)
                .toList();
    }

    private static String orderedByKey(TableManifest manifest) {
        return manifest.key().isEmpty()
                ? ""
                : manifest.key().stream()
                        .map(k -> "\"" + k + "\" NULLS FIRST")
                        .collect(java.util.stream.Collectors.joining(", ", " ORDER BY ", ""));
    }

    /** The same files under another directory: hard links (no copy), or copies where links are refused. */
    private static void linkTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path copy = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else {
                    try {
                        Files.createLink(copy, path);
                    } catch (UnsupportedOperationException | IOException e) {
                        Files.copy(path, copy, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }

    private static String parquetScan(Path dir) {
        if (!ParquetDirectory.hivePartitionKeys(dir).isEmpty()) {
            // a monthly-partitioned fact: its month is a directory, shown as a column for filtering
            return ParquetDirectory.duckDbScanWithPartitionKeys(dir);
        }
        return "read_parquet(" + ParquetDirectory.literal(dir.resolve("**").resolve("*.parquet"))
                + ", hive_partitioning = false, union_by_name = true)";
    }

    /** What a reader of the published warehouse finds. */
    public record PublishedWarehouse(Path file, List<String> views, List<String> tables) {
        public PublishedWarehouse {
            views = new ArrayList<>(views);
            tables = new ArrayList<>(tables);
        }
    }
}
