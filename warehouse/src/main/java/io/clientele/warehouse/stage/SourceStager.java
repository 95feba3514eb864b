package io.clientele.warehouse.stage;

import io.clientele.schemas.SourceContract;
import io.clientele.warehouse.engine.Engine;
import io.clientele.warehouse.engine.ParquetDirectory;
import io.clientele.warehouse.engine.ParquetTarget;
import io.clientele.warehouse.engine.SqlTemplate;
import io.clientele.warehouse.layout.RunSettings;
import io.clientele.warehouse.layout.WarehouseLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upserts one source's validated extract (landing Parquet, text in canonical form) into
 * its state: the latest row per natural key, as of tonight. The previous state is the
 * newest published snapshot before the run date, so a rerun or a backfill of a date
 * starts from what that night started from. Personal data marked {@code pii: hash} in the
 * contract is replaced by its salted hash here, before it is stored anywhere.
 */
public final class SourceStager {

    private static final Logger log = LoggerFactory.getLogger(SourceStager.class);
    /** Sources whose every version is kept, for a slowly changing dimension. */
    private static final List<String> HISTORY_SOURCES = List.of("customers");

    private final Engine engine;
    private final WarehouseLayout layout;
    private final RunSettings run;
    private final TouchedKeys touchedKeys;

    public SourceStager(Engine engine, WarehouseLayout layout, RunSettings run) {
        this.engine = engine;
        this.layout = layout;
        this.run = run;
        this.touchedKeys = new TouchedKeys(layout, run.runDate());
    }

    public StageCounts stage(SourceContract contract) {
        long started = System.nanoTime();
        String source = contract.source();
        LocalDate date = run.runDate();
        Path rows = layout.landingRows(date, source);
        Path rejects = layout.landingRejects(date, source);

        registerLanding(contract, rows);
        long valid = count("landing");
        long loaded = valid == 0
                ? 0
                : count("(SELECT DISTINCT " + String.join(", ", contract.naturalKey()) + " FROM landing) k");
        long rejected = ParquetDirectory.hasParquetFiles(rejects) ? countParquet(rejects) : 0;

        upsert(contract, false, source);
        if (HISTORY_SOURCES.contains(source)) {
            upsert(contract, true, historyName(source));
        }
        engine.drop("landing");
        engine.drop("landing_as_extracted");
        engine.drop("erasure_log");
        engine.drop("previous_state");
        engine.drop("previous_state_as_written");
        StageCounts counts = new StageCounts(source, valid, loaded, valid - loaded, rejected);
        log.info(
                "stage {}: {} valid rows, {} loaded, {} superseded, {} rejected ({} ms)",
                source,
                valid,
                loaded,
                counts.superseded(),
                rejected,
                (System.nanoTime() - started) / 1_000_000);
        return counts;
    }

    /**
     * Tonight's extract as the view {@code landing}. Customers forgotten before
     * ({@code clientele forget}) keep their rows, without their personal data.
     */
    private void registerLanding(SourceContract contract, Path rows) {
        if (!ParquetDirectory.hasParquetFiles(layout.erasureLog()) || !hasErasableColumns(contract)) {
            registerOrEmpty("landing", rows, landingSchema(contract));
            return;
        }
        registerOrEmpty("landing_as_extracted", rows, landingSchema(contract));
        engine.registerParquet("erasure_log", layout.erasureLog());
        Map<String, String> parameters = new java.util.HashMap<>(run.sqlParameters());
        parameters.put(
                "columns",
                contract.columns().stream()
                        .map(c -> c.personal()
                                ? "CASE WHEN e.erased_customer_id IS NOT NULL THEN CAST(NULL AS STRING) ELSE l."
                                        + c.name() + " END AS " + c.name()
                                : "l." + c.name())
                        .collect(Collectors.joining(", ")));
        engine.createView(
                "landing", SqlTemplate.load("stage/erased_landing.sql").render(engine.dialect(), parameters));
    }

    /** A source whose rows carry a customer's personal data, keyed by customer_id. */
    static boolean hasErasableColumns(SourceContract contract) {
        return contract.columnNames().contains("customer_id")
                && contract.columns().stream().anyMatch(c -> c.personal());
    }

    public static String historyName(String source) {
        return source + "_history";
    }

    /** The source's state ({@code history} false) or every version of it ({@code history} true): stage/upsert.sql. */
    private void upsert(SourceContract contract, boolean history, String stateName) {
        Path previous = previousSnapshot(stateName).orElse(null);
        boolean hasPrevious = previous != null && ParquetDirectory.hasParquetFiles(previous);
        registerPreviousState(contract, previous);
        Map<String, String> parameters = new java.util.HashMap<>(run.sqlParameters());
        parameters.put("has_previous_state", hasPrevious ? "TRUE" : "FALSE");
        parameters.put("columns", String.join(", ", contract.columnNames()));
        parameters.put("landing_columns", String.join(", ", contract.columnNames()));
        parameters.put("natural_key", String.join(", ", contract.naturalKey()));
        // natural key columns are required by the contract, so plain equality matches them
        parameters.put(
                "key_match",
                contract.naturalKey().stream()
                        .map(k -> "t." + k + " = p." + k)
                        .collect(java.util.stream.Collectors.joining(" AND ")));
        String naturalKey = String.join(", ", contract.naturalKey());
        parameters.put(
                "rank_key",
                history
                        ? naturalKey + ", COALESCE(CAST(updated_at AS TIMESTAMP), CAST(_run AS TIMESTAMP))"
                        : naturalKey);
        parameters.put("ordinal", ordinal(history ? null : contract.versionColumn()));
        String touched = SqlTemplate.load("stage/touched.sql").render(engine.dialect(), parameters);
        // The current state's touched keys are kept for the model (TouchedKeys), and read from
        // there by the upsert; a history's, and a first state's (none), stay a view.
        boolean keepTouched = !history && hasPrevious;
        if (keepTouched) {
            engine.materialize("touched", touched, ParquetTarget.at(touchedKeys.keys(contract.source())));
        } else {
            engine.createView("touched", touched);
        }
        engine.createView("candidates", SqlTemplate.load("stage/candidates.sql").render(engine.dialect(), parameters));
        String sql = SqlTemplate.load("stage/upsert.sql").render(engine.dialect(), parameters);
        engine.materialize("state_" + stateName, sql, ParquetTarget.at(layout.workState(run.runDate(), stateName)));
        if (keepTouched) {
            touchedKeys.recordAgainst(contract.source(), previous);
        }
        engine.drop("state_" + stateName);
        engine.drop("candidates");
        engine.drop("touched");
    }

    /**
     * The previous state as the view {@code previous_state}. A state written before the contract gained
     * an optional column (products.unit_cost) has the column null, as an extract leaving it out has.
     */
    private void registerPreviousState(SourceContract contract, Path previous) {
        registerOrEmpty("previous_state", previous, stateSchema(contract));
        Set<String> missing = StagedSourceViews.missingColumns(engine, "previous_state", contract);
        if (missing.isEmpty()) {
            return;
        }
        engine.registerParquet("previous_state_as_written", previous);
        engine.createView(
                "previous_state",
                "SELECT "
                        + contract.columnNames().stream()
                                .map(c -> missing.contains(c) ? "CAST(NULL AS STRING) AS " + c : c)
                                .collect(Collectors.joining(", "))
                        + ", _run, _line FROM previous_state_as_written");
    }

    /**
     * A candidate row's place in its key's order, as one DECIMAL(38,0), the greatest winning:
     * the version time shifted by 2^62 µs so that any time is positive, none counting 0 (a row
     * without it loses to one with it), then days from 1970 to the run (under 10^5), then the
     * line (under 10^12). At most ~4.7 * 10^35: no overflow.
     */
    static String ordinal(String versionColumn) {
        String runAndLine = "CAST({{ date_diff_days(DATE '1970-01-01', _run) }} AS DECIMAL(38,0)) * 1000000000000"
                + " + CAST(_line AS DECIMAL(38,0))";
        if (versionColumn == null) {
            return "(" + runAndLine + ")";
        }
        return "(CAST(COALESCE({{ epoch_micros(" + versionColumn + ") }} + 4611686018427387904, 0) AS DECIMAL(38,0))"
                + " * 100000000000000000 + " + runAndLine + ")";
    }

    /** The newest published snapshot strictly before the run date. */
    private Optional<Path> previousSnapshot(String stateName) {
        Path dir = layout.state().resolve(stateName);
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        String tonight = "run=" + run.runDate();
        try (Stream<Path> snapshots = Files.list(dir)) {
            return snapshots
                    .filter(p -> p.getFileName().toString().startsWith("run="))
                    .filter(p -> p.getFileName().toString().compareTo(tonight) < 0)
                    .filter(ParquetDirectory::hasParquetFiles)
                    .max(Comparator.comparing(p -> p.getFileName().toString()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void registerOrEmpty(String name, Path path, String emptySql) {
        if (path != null && ParquetDirectory.hasParquetFiles(path)) {
            engine.registerParquet(name, path);
        } else {
            engine.createView(name, emptySql);
        }
    }

    private static String landingSchema(SourceContract contract) {
        return "SELECT "
                + contract.columnNames().stream()
                        .map(c -> "CAST(NULL AS STRING) AS " + c)
                        .collect(Collectors.joining(", "))
                + ", CAST(NULL AS STRING) AS _file, CAST(NULL AS BIGINT) AS _line WHERE 1 = 0";
    }

    private static String stateSchema(SourceContract contract) {
        return "SELECT "
                + contract.columnNames().stream()
                        .map(c -> "CAST(NULL AS STRING) AS " + c)
                        .collect(Collectors.joining(", "))
                + ", CAST(NULL AS STRING) AS _run, CAST(NULL AS BIGINT) AS _line WHERE 1 = 0";
    }

    private long count(String relation) {
        return ((Number) engine.query("SELECT count(*) FROM " + relation).scalar()).longValue();
    }

    private long countParquet(Path file) {
        engine.registerParquet("landing_rejects", file);
        try {
            return count("landing_rejects");
        } finally {
            engine.drop("landing_rejects");
        }
    }
}
