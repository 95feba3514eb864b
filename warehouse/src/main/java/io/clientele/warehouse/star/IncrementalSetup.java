package io.clientele.warehouse.star;

import io.clientele.schemas.SourceContract;
import io.clientele.warehouse.engine.Engine;
import io.clientele.warehouse.engine.ParquetDirectory;
import io.clientele.warehouse.engine.SqlTemplate;
import io.clientele.warehouse.layout.RunSettings;
import io.clientele.warehouse.layout.WarehouseLayout;
import io.clientele.warehouse.stage.StagedSourceViews;
import io.clientele.warehouse.stage.TouchedKeys;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an incremental night sets up against the lake published as of an earlier date L:
 * whether that lake can serve as the baseline, the views the incremental rules read
 * ({@code prev_<source>}, {@code delta_<source>}, {@code lake_<table>}, {@code changed_customers},
 * {@code changed_months_<table>}), and the months each rule says tonight can change.
 */
final class IncrementalSetup {

    private static final Logger log = LoggerFactory.getLogger(IncrementalSetup.class);

    private final StarSchemaPlan plan;
    private final WarehouseLayout layout;
    private final RunSettings run;
    /** Per source, the stage's touched keys when they can serve as its delta ({@link #chooseDeltas}). */
    private Map<String, Path> touchedKeys = Map.of();

    IncrementalSetup(StarSchemaPlan plan, WarehouseLayout layout, RunSettings run) {
        this.plan = plan;
        this.layout = layout;
        this.run = run;
    }

    /** Whether the published lake and state snapshots of {@code previous} can serve as the baseline. */
    boolean canBuildOn(LocalDate previous) {
        String reason = null;
        if (previous.isAfter(run.runDate())) {
            reason = "the lake is as of " + previous + ", after the run date";
        }
        for (String table : plan.comparedTables()) {
            if (reason == null && !ParquetDirectory.hasParquetFiles(layout.lakeTable(table))) {
                reason = "lake/" + table + " is missing";
            }
        }
        for (String source : plan.deltaSources()) {
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
     * Chooses, per source the rules read, how tonight's changed keys ({@code delta_<source>}) are
     * found: by comparing tonight's state with the lake's on the keys the stage touched, when it
     * upserted into exactly that state ({@link TouchedKeys}, star/incremental/touched_rows.sql), else
     * on every key (star/incremental/changed_rows.sql); the log says which.
     */
    void chooseDeltas(LocalDate previous) {
        TouchedKeys keys = new TouchedKeys(layout, run.runDate());
        Map<String, Path> found = new HashMap<>();
        for (String source : plan.deltaSources()) {
            TouchedKeys.Lookup lookup = keys.against(source, previous);
            if (lookup.found()) {
                found.put(source, lookup.keys());
                log.info(
                        "model: delta_{} from the keys tonight's extract touched in the state of {}", source, previous);
            } else {
                log.info(
                        "model: delta_{} by comparing tonight's state with the state of {}: {}",
                        source,
                        previous,
                        lookup.whyNot());
            }
        }
        touchedKeys = Map.copyOf(found);
    }

    /**
     * Registers, for the tables built so far, the lake's state ({@code prev_<source>}), tonight's
     * changed keys ({@code delta_<source>}), the published tables ({@code lake_<table>}), the
     * customers whose versions changed and the months rewritten so far ({@code changed_months_<table>}).
     */
    void register(
            Engine engine,
            StagedSourceViews views,
            List<SourceContract> sources,
            List<String> built,
            LocalDate previous,
            Map<String, List<String>> rewritten) {
        for (SourceContract source : sources) {
            if (plan.deltaSources().contains(source.source())) {
                views.registerSnapshot(source, layout.stateSnapshot(source.source(), previous), "prev_");
                Map<String, String> p = new HashMap<>(run.sqlParameters());
                p.put("source", source.source());
                p.put("columns", String.join(", ", source.columnNames()));
                p.put("natural_key", String.join(", ", source.naturalKey()));
                p.put(
                        "key_match",
                        source.naturalKey().stream()
                                .map(k -> "t." + k + " = s." + k)
                                .collect(Collectors.joining(" AND ")));
                Path keys = touchedKeys.get(source.source());
                if (keys != null) {
                    views.registerTouchedKeys(source, keys, "touched_" + source.source());
                }
                String rule = keys != null ? "star/incremental/touched_rows.sql" : "star/incremental/changed_rows.sql";
                engine.createView(
                        "delta_" + source.source(), SqlTemplate.load(rule).render(engine.dialect(), p));
            }
        }
        for (String table : plan.comparedTables()) {
            engine.registerParquet("lake_" + table, layout.lakeTable(table));
        }
        if (built.contains("dim_customer")) {
            engine.createView(
                    "changed_customers",
                    SqlTemplate.load("star/incremental/changed_customers.sql").render(engine.dialect(), Map.of()));
        }
        rewritten.forEach((table, months) -> engine.createView(
                "changed_months_" + table,
                months.isEmpty()
                        ? "SELECT CAST(NULL AS STRING) AS month WHERE 1 = 0"
                        : months.stream()
                                .map(m -> "SELECT '" + m + "' AS month")
                                .collect(Collectors.joining(" UNION ALL "))));
    }

    /** The months of the fact's partitions that tonight can change (its rule under star/incremental/). */
    List<String> changedMonths(Engine engine, String table, Map<String, String> parameters) {
        String sql = SqlTemplate.load(plan.partitioned().get(table)).render(engine.dialect(), parameters);
        Set<String> months = new TreeSet<>();
        for (List<Object> row : engine.query(sql).rows()) {
            if (row.get(0) != null) {
                months.add(row.get(0).toString());
            }
        }
        return List.copyOf(months);
    }
}
