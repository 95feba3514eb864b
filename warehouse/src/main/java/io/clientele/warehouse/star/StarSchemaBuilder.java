package io.clientele.warehouse.star;

import io.clientele.schemas.SourceContract;
import io.clientele.warehouse.engine.Engine;
import io.clientele.warehouse.engine.EngineKind;
import io.clientele.warehouse.engine.ParquetTarget;
import io.clientele.warehouse.engine.SqlTemplate;
import io.clientele.warehouse.layout.RunSettings;
import io.clientele.warehouse.layout.WarehouseLayout;
import io.clientele.warehouse.stage.StagedSourceViews;
import java.nio.charset.StandardCharsets;
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
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the Kimball star schema of docs/contract.md §3 from tonight's staged state, as of the run
 * date, one SQL file per table under {@code warehouse/sql/star/}, in the order of their manifests'
 * depends_on ({@link StarSchemaPlan}).
 *
 * <p>The big facts (those whose manifest has {@code partitioned_by}) are kept as hive partitions by
 * month ({@code lake/<fact>/month=YYYY-MM/}). A full build writes every month. An incremental build,
 * against the lake published as of an earlier date L, asks the fact's incremental rule
 * ({@code star/incremental/<fact>.sql}) which months tonight can change, runs the same star-schema
 * SQL restricted to those months ({@code ${rebuild_months}}) and hard-links every other partition's
 * files from the lake into the night's table ({@link PartitionAssembly}), so they keep their inode
 * and mtime; publish then swaps the table directory in one rename. Dimensions and the small facts
 * are rebuilt in full every night.
 */
public final class StarSchemaBuilder {

    private static final Logger log = LoggerFactory.getLogger(StarSchemaBuilder.class);

    private final Supplier<Engine> engines;
    private final WarehouseLayout layout;
    private final RunSettings run;
    private final StarSchemaPlan plan = StarSchemaPlan.load();

    /**
     * @param engines opens an engine; each table is built in an engine of its own, so that
     *                what one statement held in memory is gone before the next one starts
     */
    public StarSchemaBuilder(Supplier<Engine> engines, WarehouseLayout layout, RunSettings run) {
        this.engines = engines;
        this.layout = layout;
        this.run = run;
    }

    /** The star schema's tables in build order (dimensions before the facts that look their keys up). */
    public static List<String> tables() {
        return StarSchemaPlan.load().tables();
    }

    /** The facts stored as monthly partitions and rewritten per partition. */
    public static List<String> partitioned() {
        return StarSchemaPlan.load().partitionedTables();
    }

    /**
     * A fingerprint of everything the lake's tables are a function of besides the data: the
     * star-schema SQL, the settings it reads and the engine. An incremental night needs the lake to
     * have been built with the same one; anything else rebuilds in full.
     */
    public static String fingerprint(RunSettings run, EngineKind engine) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(("engine=" + engine.id() + "\ninactivity_days=" + run.inactivityDays()
                            + "\ncomplaint_deadline_days=" + run.complaintDeadlineDays() + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            for (String file : StarSchemaPlan.load().sqlFiles()) {
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
        IncrementalSetup incremental = new IncrementalSetup(plan, layout, run);
        PartitionAssembly partitions = new PartitionAssembly(layout, run.runDate());
        Map<String, String> parameters = new HashMap<>(run.sqlParameters());
        LocalDate first;
        try (Engine engine = open(sources, List.of(), null, Map.of(), incremental)) {
            first = firstEventDate(engine);
        }
        parameters.put("first_date", "DATE '" + first + "'");
        LocalDate previous = baseline.filter(incremental::canBuildOn).orElse(null);
        if (previous != null) {
            incremental.chooseDeltas(previous);
            parameters.put("previous_as_of_date", "DATE '" + previous + "'");
            parameters.put("previous_as_of_end", "TIMESTAMP '" + previous + " 23:59:59.999999'");
        }
        log.info(
                "model: {} build as of {}",
                previous == null ? "full" : "incremental on the lake of " + previous,
                run.runDate());
        List<String> allMonths = monthsBetween(first, run.runDate());
        Map<String, List<String>> rewritten = new LinkedHashMap<>();
        Map<String, Long> rows = new LinkedHashMap<>();
        for (String table : plan.tables()) {
            long started = System.nanoTime();
            try (Engine engine = open(sources, List.copyOf(rows.keySet()), previous, rewritten, incremental)) {
                if (!plan.isPartitioned(table)) {
                    String sql = SqlTemplate.load("star/" + table + ".sql").render(engine.dialect(), parameters);
                    long n = engine.materialize(
                            table, sql, ParquetTarget.at(layout.workLakeTable(run.runDate(), table)));
                    rows.put(table, n);
                    log.info("model {}: {} rows ({} ms)", table, n, (System.nanoTime() - started) / 1_000_000);
                    continue;
                }
                List<String> months =
                        previous == null ? allMonths : incremental.changedMonths(engine, table, parameters);
                rewritten.put(table, months);
                long written = partitions.writePartitions(engine, table, parameters, months);
                partitions.assemble(table, months, previous != null);
                // A full build wrote the whole table: its count is the write's; only an incremental
                // one, with partitions linked from the lake, needs to count the assembled table.
                long n = previous == null ? written : partitions.countAssembled(engine, table);
                rows.put(table, n);
                log.info(
                        "model {}: {} rows, {} written in {} rewritten partitions {} ({} ms)",
                        table,
                        n,
                        written,
                        months.size(),
                        abbreviate(months),
                        (System.nanoTime() - started) / 1_000_000);
            }
        }
        return rows;
    }

    /**
     * An engine that sees tonight's staged sources and the tables built so far; for an
     * incremental build also what {@link IncrementalSetup#register} registers.
     */
    private Engine open(
            List<SourceContract> sources,
            List<String> built,
            LocalDate previous,
            Map<String, List<String>> rewritten,
            IncrementalSetup incremental) {
        Engine engine = engines.get();
        StagedSourceViews views = new StagedSourceViews(engine, layout);
        views.register(sources, run.runDate());
        for (String table : built) {
            engine.registerParquet(table, layout.workLakeTable(run.runDate(), table));
        }
        if (previous != null) {
            incremental.register(engine, views, sources, built, previous, rewritten);
        }
        return engine;
    }

    /** The earliest event on or before D (the manifests' first_event), where the calendar starts (D when none). */
    private LocalDate firstEventDate(Engine engine) {
        LocalDate first = run.runDate();
        for (Map.Entry<String, String> source : plan.firstEvents().entrySet()) {
            Object min = engine.query(
                            "SELECT CAST(MIN(CAST(" + source.getValue() + " AS DATE)) AS DATE) FROM " + source.getKey())
                    .scalar();
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
        return months.size() <= 4
                ? months.toString()
                : "[" + months.get(0) + " … " + months.get(months.size() - 1) + "]";
    }
}
