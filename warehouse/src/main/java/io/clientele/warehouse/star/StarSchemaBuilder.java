package io.clientele.warehouse.star;

import io.clientele.schemas.SourceContract;
import io.clientele.warehouse.engine.Engine;
import io.clientele.warehouse.engine.EngineKind;
import io.clientele.warehouse.engine.ParquetDirectory;
import io.clientele.warehouse.engine.ParquetTarget;
import io.clientele.warehouse.engine.SqlTemplate;
import io.clientele.warehouse.layout.RunSettings;
import io.clientele.warehouse.layout.WarehouseLayout;
import io.clientele.warehouse.stage.StagedSourceViews;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the Kimball star schema of docs/contract.md §3 from tonight's staged state, as of the run
 * date, one SQL file per table under {@code warehouse/sql/star/}, in dependency order.
 *
 * <p>The big facts ({@link #PARTITIONED}) are kept as hive partitions by month
 * ({@code lake/<fact>/month=YYYY-MM/}). A full build writes every month. An incremental build,
 * against the lake published as of an earlier date L, asks {@code star/incremental/<fact>.sql}
 * which months tonight can change, runs the same star-schema SQL restricted to those months
 * ({@code ${rebuild_months}}) and hard-links every other partition's files from the lake into
 * the night's table, so they keep their inode and mtime; publish then swaps the table
 * directory in one rename. Dimensions and the small facts are rebuilt in full every night.
 */
public final class StarSchemaBuilder {

    /** In build order: dimensions first, then the facts that look their keys up. */
    public static final List<String> TABLES = List.of(
            "dim_date", "dim_customer", "dim_product",
            "fact_order", "fact_order_line", "fact_complaint", "fact_contract",
            "fact_interaction", "fact_survey_response", "fact_customer_month", "fact_marketing_spend");

    /** The facts stored as monthly partitions and rewritten per partition. */
    public static final List<String> PARTITIONED = List.of(
            "fact_order", "fact_order_line", "fact_complaint", "fact_interaction", "fact_survey_response",
            "fact_customer_month");

    /** The partition key: each partitioned star-schema SQL computes it; it names directories, not a column. */
    public static final String PARTITION_COLUMN = "month";

    /** Sources compared with the lake's state to find tonight's changes (views {@code delta_<source>}). */
    private static final List<String> DELTA_SOURCES = List.of("orders", "order_lines", "complaints", "interactions",
            "surveys");
    /** Lake tables the incremental SQL compares tonight's with (views {@code lake_<table>}). */
    private static final List<String> COMPARED_TABLES = Stream.concat(Stream.of("dim_customer", "fact_contract"),
            PARTITIONED.stream()).toList();

    private static final Logger log = LoggerFactory.getLogger(StarSchemaBuilder.class);
    /** The event stamp of each source that can start the calendar. */
    private static final Map<String, String> FIRST_EVENT = Map.of(
            "stg_orders", "order_ts", "stg_contracts", "start_date", "stg_complaints", "received_at",
            "stg_surveys", "responded_at", "stg_interactions", "occurred_at", "stg_customers", "created_at");

    private final Supplier<Engine> engines;
    private final WarehouseLayout layout;
    private final RunSettings run;

    /**
     * @param engines opens an engine; each table is built in an engine of its own, so that
     *                what one statement held in memory is gone before the next one starts
     */
    public StarSchemaBuilder(Supplier<Engine> engines, WarehouseLayout layout, RunSettings run) {
        this.engines = engines;
        this.layout = layout;
        this.run = run;
    }

    /**
     * A fingerprint of everything the lake's tables are a function of besides the data: the
     * star-schema SQL, the settings it reads and the engine. An incremental night needs the lake to
     * have been built with the same one; anything else rebuilds in full.
     */
    public static String fingerprint(RunSettings run, EngineKind engine) {
        List<String> files = new ArrayList<>();
        TABLES.forEach(t -> files.add("star/" + t + ".sql"));
        PARTITIONED.forEach(t -> files.add("star/incremental/" + t + ".sql"));
        files.add("star/incremental/changed_rows.sql");
        files.add("star/incremental/changed_customers.sql");
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(("engine=" + engine.id() + "\ninactivity_days=" + run.inactivityDays()
                    + "\ncomplaint_deadline_days=" + run.complaintDeadlineDays() + "\n").getBytes(StandardCharsets.UTF_8));
            for (String file : files) {
                sha.update(SqlTemplate.load(file).text().getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A full build of every table. */
    public Map<String, Long> build(List<SourceContract> sources) {
        return build(sources, Optional.empty());
    }

    /**
     * @param baseline the date the published lake was built as of, with the same
     *                 {@link #fingerprint}; empty for a full build
     * @return rows per table (the whole table, rewritten partitions or not), in build order
     */
    public Map<String, Long> build(List<SourceContract> sources, Optional<LocalDate> baseline) {
        Map<String, String> parameters = new HashMap<>(run.sqlParameters());
        LocalDate first;
        try (Engine engine = open(sources, List.of(), null, Map.of())) {
            first = firstEventDate(engine);
        }
        parameters.put("first_date", "DATE '" + first + "'");
        LocalDate previous = baseline.filter(this::canBuildOn).orElse(null);
        if (previous != null) {
            parameters.put("previous_as_of_date", "DATE '" + previous + "'");
            parameters.put("previous_as_of_end", "TIMESTAMP '" + previous + " 23:59:59.999999'");
        }
        log.info("model: {} build as of {}", previous == null ? "full" : "incremental on the lake of " + previous,
                run.runDate());
        List<String> allMonths = monthsBetween(first, run.runDate());
        Map<String, List<String>> rewritten = new LinkedHashMap<>();
        Map<String, Long> rows = new LinkedHashMap<>();
        for (String table : TABLES) {
            long started = System.nanoTime();
            try (Engine engine = open(sources, List.copyOf(rows.keySet()), previous, rewritten)) {
                if (!PARTITIONED.contains(table)) {
                    String sql = SqlTemplate.load("star/" + table + ".sql").render(engine.dialect(), parameters);
                    long n = engine.materialize(table, sql,
                            ParquetTarget.at(layout.workLakeTable(run.runDate(), table)));
                    rows.put(table, n);
                    log.info("model {}: {} rows ({} ms)", table, n, (System.nanoTime() - started) / 1_000_000);
                    continue;
                }
                List<String> months = previous == null ? allMonths : changedMonths(engine, table, parameters);
                rewritten.put(table, months);
                long written = writePartitions(engine, table, parameters, months);
                assemble(table, months, previous != null);
                // A full build wrote the whole table: its count is the write's; only an incremental
                // one, with partitions linked from the lake, needs to count the assembled table.
                long n = previous == null ? written : countAssembled(engine, table);
                rows.put(table, n);
                log.info("model {}: {} rows, {} written in {} rewritten partitions {} ({} ms)", table, n, written,
                        months.size(), abbreviate(months), (System.nanoTime() - started) / 1_000_000);
            }
        }
        return rows;
    }

    private long countAssembled(Engine engine, String table) {
        if (!ParquetDirectory.hasParquetFiles(layout.workLakeTable(run.runDate(), table))) {
            return 0;
        }
        engine.registerParquet("built_" + table, layout.workLakeTable(run.runDate(), table));
        return ((Number) engine.query("SELECT count(*) FROM built_" + table).scalar()).longValue();
    }

    /** The months of the star-schema SQL's partitions that tonight can change (star/incremental/). */
    private List<String> changedMonths(Engine engine, String table, Map<String, String> parameters) {
        String sql = SqlTemplate.load("star/incremental/" + table + ".sql").render(engine.dialect(), parameters);
        Set<String> months = new TreeSet<>();
        for (List<Object> row : engine.query(sql).rows()) {
            if (row.get(0) != null) {
                months.add(row.get(0).toString());
            }
        }
        return List.copyOf(months);
    }

    /** Writes the given months of a partitioned fact beside the night's table; @return rows written */
    private long writePartitions(Engine engine, String table, Map<String, String> parameters, List<String> months) {
        Path rewritten = rewrittenPartitions(table);
        ParquetDirectory.deleteRecursively(rewritten);
        if (months.isEmpty()) {
            return 0;
        }
        Map<String, String> restricted = new HashMap<>(parameters);
        restricted.put("rebuild_months", months.stream().map(m -> "'" + m + "'")
                .collect(Collectors.joining(", ", "(", ")")));
        String sql = SqlTemplate.load("star/" + table + ".sql").render(engine.dialect(), restricted);
        long n = engine.materialize(table, sql, ParquetTarget.partitioned(rewritten, PARTITION_COLUMN));
        engine.drop(table);
        return n;
    }

    private Path rewrittenPartitions(String table) {
        return layout.workLakeTable(run.runDate(), table).resolveSibling("." + table + ".rewritten");
    }

    /**
     * Makes the night's table: the rewritten partitions, plus (incremental) every other
     * partition of the published table, hard-linked so its files are not rewritten.
     */
    private void assemble(String table, List<String> months, boolean incremental) {
        Path target = layout.workLakeTable(run.runDate(), table);
        Path rewritten = rewrittenPartitions(table);
        Path published = layout.lakeTable(table);
        Set<String> replaced = months.stream().map(m -> PARTITION_COLUMN + "=" + m).collect(Collectors.toSet());
        try {
            ParquetDirectory.deleteRecursively(target);
            Files.createDirectories(target);
            if (incremental) {
                for (Path partition : partitions(published)) {
                    if (!replaced.contains(partition.getFileName().toString())) {
                        link(partition, target.resolve(partition.getFileName().toString()));
                    }
                }
            }
            for (Path partition : partitions(rewritten)) {
                Files.move(partition, target.resolve(partition.getFileName().toString()), StandardCopyOption.ATOMIC_MOVE);
            }
            if (partitions(target).isEmpty()) {
                // No month has rows: keep the one schema-only file the write (or the lake) holds.
                Path from = ParquetDirectory.hasParquetFiles(rewritten) ? rewritten : published;
                for (Path file : rootParquetFiles(from)) {
                    link(file, target.resolve(file.getFileName().toString()));
                }
            }
            ParquetDirectory.deleteRecursively(rewritten);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot assemble " + target, e);
        }
    }

    private static List<Path> partitions(Path table) throws IOException {
        if (!Files.isDirectory(table)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(table)) {
            return children.filter(Files::isDirectory)
                    .filter(p -> p.getFileName().toString().startsWith(PARTITION_COLUMN + "=")).sorted().toList();
        }
    }

    private static List<Path> rootParquetFiles(Path table) throws IOException {
        if (!Files.isDirectory(table)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(table)) {
            return children.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
        }
    }

    /** A hard link per file (a copy where the file system has none), directories recreated. */
    private static void link(Path from, Path to) throws IOException {
        if (Files.isRegularFile(from)) {
            try {
                Files.createLink(to, from);
            } catch (UnsupportedOperationException | IOException e) {
                Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
            }
            return;
        }
        Files.createDirectories(to);
        try (Stream<Path> children = Files.list(from)) {
            for (Path child : children.toList()) {
                link(child, to.resolve(child.getFileName().toString()));
            }
        }
    }

    /** Whether the published lake and state snapshots of {@code previous} can serve as the baseline. */
    private boolean canBuildOn(LocalDate previous) {
        String reason = null;
        if (previous.isAfter(run.runDate())) {
            reason = "the lake is as of " + previous + ", after the run date";
        }
        for (String table : COMPARED_TABLES) {
            if (reason == null && !ParquetDirectory.hasParquetFiles(layout.lakeTable(table))) {
                reason = "lake/" + table + " is missing";
            }
        }
        for (String source : DELTA_SOURCES) {
            if (reason == null && !ParquetDirectory.hasParquetFiles(layout.stateSnapshot(source, previous))) {
                reason = "the state of " + source + " as of " + previous + " is no longer kept";
            }
        }
        if (reason != null) {
            log.info("model: full build, not incremental: {}", reason);
        }
        return reason == null;
    }

    /**
     * An engine that sees tonight's staged sources and the tables built so far; for an
     * incremental build also the lake's state ({@code prev_<source>}), tonight's changed keys
     * ({@code delta_<source>}), the published tables ({@code lake_<table>}), the customers whose
     * versions changed and the months rewritten so far ({@code changed_months_<table>}).
     */
    private Engine open(List<SourceContract> sources, List<String> built, LocalDate previous,
                        Map<String, List<String>> rewritten) {
        Engine engine = engines.get();
        StagedSourceViews views = new StagedSourceViews(engine, layout);
        views.register(sources, run.runDate());
        for (String table : built) {
            engine.registerParquet(table, layout.workLakeTable(run.runDate(), table));
        }
        if (previous == null) {
            return engine;
        }
        for (SourceContract source : sources) {
            if (DELTA_SOURCES.contains(source.source())) {
                views.registerSnapshot(source, layout.stateSnapshot(source.source(), previous), "prev_");
                Map<String, String> p = new HashMap<>(run.sqlParameters());
                p.put("source", source.source());
                p.put("columns", String.join(", ", source.columnNames()));
                p.put("natural_key", String.join(", ", source.naturalKey()));
                engine.createView("delta_" + source.source(),
                        SqlTemplate.load("star/incremental/changed_rows.sql").render(engine.dialect(), p));
            }
        }
        for (String table : COMPARED_TABLES) {
            engine.registerParquet("lake_" + table, layout.lakeTable(table));
        }
        if (built.contains("dim_customer")) {
            engine.createView("changed_customers",
                    SqlTemplate.load("star/incremental/changed_customers.sql").render(engine.dialect(), Map.of()));
        }
        rewritten.forEach((table, months) -> engine.createView("changed_months_" + table, months.isEmpty()
                ? "SELECT CAST(NULL AS STRING) AS month WHERE 1 = 0"
                : months.stream().map(m -> "SELECT '" + m + "' AS month").collect(Collectors.joining(" UNION ALL "))));
        return engine;
    }

    /** The earliest event on or before D, where the calendar starts (D itself when there is none). */
    private LocalDate firstEventDate(Engine engine) {
        LocalDate first = run.runDate();
        for (Map.Entry<String, String> source : FIRST_EVENT.entrySet()) {
            Object min = engine.query("SELECT CAST(MIN(CAST(" + source.getValue() + " AS DATE)) AS DATE) FROM "
                    + source.getKey()).scalar();
            if (min instanceof LocalDate date && date.isBefore(first)) {
                first = date;
            }
        }
        return first;
    }

    private static List<String> monthsBetween(LocalDate from, LocalDate to) {
        List<String> months = new ArrayList<>();
        for (YearMonth m = YearMonth.from(from); !m.isAfter(YearMonth.from(to)); m = m.plusMonths(1)) {
            months.add(m.toString());
        }
        return months;
    }

    private static String abbreviate(List<String> months) {
        return months.size() <= 4 ? months.toString()
                : "[" + months.get(0) + " … " + months.get(months.size() - 1) + "]";
    }
}
