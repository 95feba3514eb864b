package io.clientele.warehouse.checks;

import io.clientele.warehouse.catalog.Catalog;
import io.clientele.warehouse.catalog.SqlFiles;
import io.clientele.warehouse.engine.DuckDbEngine;
import io.clientele.warehouse.engine.DuckDbSettings;
import io.clientele.warehouse.engine.Engine;
import io.clientele.warehouse.engine.EngineException;
import io.clientele.warehouse.engine.ParquetDirectory;
import io.clientele.warehouse.engine.ParquetTarget;
import io.clientele.warehouse.engine.SqlDialect;
import io.clientele.warehouse.engine.SqlTemplate;
import io.clientele.warehouse.layout.WarehouseLayout;
import io.clientele.warehouse.publish.DataQualityReportTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data-quality checks of a published night, each a query returning one row (column
 * {@code violation}) per violation: key uniqueness and fact → dimension integrity, generated
 * from the tables' manifests ({@link ManifestChecks}); the mart invariants, one SQL file each
 * under {@code warehouse/sql/checks/}; and row-count drift against the previous night whose
 * checks passed. They read the published lake and marts Parquet
 * (never the DuckDB file, which readers may hold open) with DuckDB, whichever engine built
 * the night: they are small aggregate queries. The report goes to {@code dq/<date>/report/}
 * as Parquet, which the published file shows as the view {@code dq_report}.
 */
public final class DataQualityChecks {

    public static final String DRIFT = "row_count_drift";
    /** Violations quoted in a check's detail; the count says how many there are in all. */
    static final int EXAMPLES = 5;

    private static final Logger log = LoggerFactory.getLogger(DataQualityChecks.class);
    private static final String REPORT_COLUMNS = DataQualityReportTable.COLUMNS;

    /**
     * @param maxRowCountChange a table whose row count moved by more than this share since the
     *                          previous successful night fails the drift check
     * @param minRows           the drift of tables smaller than this (then and now) is not judged
     */
    public record Settings(double maxRowCountChange, long minRows) {
        public Settings {
            if (maxRowCountChange < 0) {
                throw new IllegalArgumentException("max-row-count-change must be at least 0, got " + maxRowCountChange);
            }
        }
    }

    /** One line of the report. */
    public record CheckResult(String check, boolean passed, long violations, String detail) {
        public String status() {
            return passed ? "pass" : "fail";
        }
    }

    /** A night's report: every check with its status, kept as Parquet at {@code file}. */
    public record Report(LocalDate runDate, List<CheckResult> results, Path file) {
        public List<CheckResult> failed() {
            return results.stream().filter(r -> !r.passed()).toList();
        }

        /** One line naming each failed check, its count and first violations. */
        public String failureLine() {
            return "data-quality checks failed for " + runDate + ": "
                    + failed().stream()
                            .map(r -> r.check() + " (" + r.violations() + ": " + r.detail() + ")")
                            .collect(Collectors.joining("; "))
                    + " — report in " + file + " and the dq_report view";
        }
    }

    private final WarehouseLayout layout;
    private final DuckDbSettings duckdb;
    private final Settings settings;

    public DataQualityChecks(WarehouseLayout layout, DuckDbSettings duckdb, Settings settings) {
        this.layout = layout;
        this.duckdb = duckdb;
        this.settings = settings;
    }

    /** Runs every check over the published warehouse and keeps the report; throws nothing on failed checks. */
    public Report run(LocalDate runDate) {
        try (Engine engine = new DuckDbEngine(duckdb)) {
            List<String> tables = new ArrayList<>();
            tables.addAll(register(engine, layout.lake()));
            tables.addAll(register(engine, layout.marts()));
            List<CheckResult> results = new ArrayList<>();
            for (Map.Entry<String, String> check : checks().entrySet()) {
                results.add(run(engine, check.getKey(), check.getValue()));
            }
            engine.materialize(
                    "row_counts", rowCounts(engine, tables), ParquetTarget.at(layout.dataQualityRowCounts(runDate)));
            results.add(drift(engine, runDate));
            Path report = layout.dataQualityReport(runDate);
            engine.materialize("report", reportSql(runDate, results), ParquetTarget.at(report));
            for (CheckResult r : results) {
                log.info("check {}: {}{}", r.check(), r.status(), r.detail().isEmpty() ? "" : " — " + r.detail());
            }
            return new Report(runDate, List.copyOf(results), report);
        }
    }

    /**
     * The checks before the drift check, in the order they run and are reported: those the
     * manifests imply (keys, grains, foreign keys: {@link ManifestChecks}), then the custom
     * invariants, one file each in warehouse/sql/checks/ (by name; the drift check's aside).
     */
    public static Map<String, String> checks() {
        Map<String, String> checks = new LinkedHashMap<>(ManifestChecks.of(Catalog.load()));
        for (String file : SqlFiles.list(".sql")) {
            if (file.startsWith("checks/") && file.indexOf('/', "checks/".length()) < 0) {
                String name = file.substring("checks/".length(), file.length() - ".sql".length());
                if (checks.containsKey(name)) {
                    // e.g. a file left on the class path from before the manifests derived this check
                    throw new IllegalStateException("warehouse/sql/" + file + " has the name of a check the manifests"
                            + " derive; rename it (or, if it was deleted, build clean: ./mvnw clean install)");
                }
                if (!name.equals(DRIFT)) {
                    checks.put(name, SqlTemplate.load(file).render(new SqlDialect.DuckDb(), Map.of()));
                }
            }
        }
        return checks;
    }

    private CheckResult run(Engine engine, String check, Map<String, String> parameters) {
        return run(engine, check, SqlTemplate.load("checks/" + check + ".sql").render(engine.dialect(), parameters));
    }

    private CheckResult run(Engine engine, String check, String sql) {
        try {
            long violations = ((Number)
                            engine.query("SELECT count(*) FROM (" + sql + ") v").scalar())
                    .longValue();
            if (violations == 0) {
                return new CheckResult(check, true, 0, "");
            }
            List<Object> examples = engine.query(
                            "SELECT violation FROM (" + sql + ") v ORDER BY violation LIMIT " + EXAMPLES)
                    .column("violation");
            String detail = examples.stream().map(String::valueOf).collect(Collectors.joining("; "))
                    + (violations > EXAMPLES ? "; and " + (violations - EXAMPLES) + " more" : "");
            return new CheckResult(check, false, violations, detail);
        } catch (EngineException e) {
            // a table the check needs is missing or malformed: that is a failure of the check, named
            String message = e.getMessage().lines().findFirst().orElse(e.getMessage());
            return new CheckResult(check, false, 1, "cannot run: " + message);
        }
    }

    /** Row counts against the latest earlier night whose checks all passed. */
    private CheckResult drift(Engine engine, LocalDate runDate) {
        Optional<LocalDate> previous = previousPassingNight(engine, runDate);
        if (previous.isEmpty()) {
            return new CheckResult(DRIFT, true, 0, "no earlier night with passing checks to compare with");
        }
        engine.createView(
                "previous_row_counts",
                "SELECT DATE '" + previous.get() + "' AS run_date, * FROM read_parquet("
                        + ParquetDirectory.literal(
                                layout.dataQualityRowCounts(previous.get()).resolve("*.parquet")) + ")");
        CheckResult result = run(
                engine,
                DRIFT,
                Map.of(
                        "max_change", String.format(Locale.ROOT, "%s", settings.maxRowCountChange()),
                        "min_rows", Long.toString(settings.minRows())));
        return result.passed() ? new CheckResult(DRIFT, true, 0, "row counts compared with " + previous.get()) : result;
    }

    private Optional<LocalDate> previousPassingNight(Engine engine, LocalDate runDate) {
        for (LocalDate night : nightsWithReports()) {
            if (!night.isBefore(runDate) || !Files.isDirectory(layout.dataQualityRowCounts(night))) {
                continue;
            }
            Object failed = engine.query("SELECT count(*) FROM read_parquet("
                            + ParquetDirectory.literal(
                                    layout.dataQualityReport(night).resolve("*.parquet")) + ") WHERE status <> 'pass'")
                    .scalar();
            if (((Number) failed).longValue() == 0) {
                return Optional.of(night);
            }
        }
        return Optional.empty();
    }

    /** Nights with a report, newest first. */
    private List<LocalDate> nightsWithReports() {
        if (!Files.isDirectory(layout.dataQuality())) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(layout.dataQuality())) {
            return dirs.map(p -> p.getFileName().toString())
                    .flatMap(name -> {
                        try {
                            return Stream.of(LocalDate.parse(name));
                        } catch (DateTimeParseException e) {
                            return Stream.empty();
                        }
                    })
                    .filter(night -> Files.isDirectory(layout.dataQualityReport(night)))
                    .sorted(Comparator.reverseOrder())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + layout.dataQuality(), e);
        }
    }

    private static List<String> register(Engine engine, Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> tables = Files.list(directory)) {
            List<String> names = tables.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("."))
                    .sorted()
                    .toList();
            for (String name : names) {
                engine.registerParquet(name, directory.resolve(name));
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    private static String rowCounts(Engine engine, List<String> tables) {
        if (tables.isEmpty()) {
            return "SELECT CAST(NULL AS VARCHAR) AS table_name, CAST(NULL AS BIGINT) AS row_count WHERE false";
        }
        return tables.stream()
                .map(t -> "SELECT '" + t + "' AS table_name, CAST(count(*) AS BIGINT) AS row_count FROM \"" + t + "\"")
                .collect(Collectors.joining(" UNION ALL "));
    }

    private static String reportSql(LocalDate runDate, List<CheckResult> results) {
        return "SELECT * FROM (VALUES "
                + results.stream()
                        .map(r -> "(DATE '" + runDate + "', " + text(r.check()) + ", " + text(r.status()) + ", CAST("
                                + r.violations() + " AS BIGINT), " + text(r.detail()) + ")")
                        .collect(Collectors.joining(", "))
                + ") AS report(" + REPORT_COLUMNS + ")";
    }

    private static String text(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
