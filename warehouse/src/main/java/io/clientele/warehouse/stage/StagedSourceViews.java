package io.clientele.warehouse.stage;

import io.clientele.schemas.ColumnContract;
import io.clientele.schemas.SourceContract;
import io.clientele.warehouse.engine.Engine;
import io.clientele.warehouse.engine.ParquetDirectory;
import io.clientele.warehouse.layout.WarehouseLayout;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Makes tonight's state queryable by the star schema as typed views {@code stg_<source>}
 * (and {@code stg_customers_history}), casting the canonical text of the landing files to
 * the contract's types. A source never seen yet is an empty view with the same columns.
 */
public final class StagedSourceViews {

    private final Engine engine;
    private final WarehouseLayout layout;

    public StagedSourceViews(Engine engine, WarehouseLayout layout) {
        this.engine = engine;
        this.layout = layout;
    }

    public void register(List<SourceContract> sources, LocalDate runDate) {
        for (SourceContract source : sources) {
            register(source, source.source(), runDate);
            if (ParquetDirectory.hasParquetFiles(
                    layout.workState(runDate, SourceStager.historyName(source.source())))) {
                register(source, SourceStager.historyName(source.source()), runDate);
            }
        }
    }

    /**
     * Registers a published state snapshot of one source as the typed view {@code <prefix><source>}
     * (the state an earlier night's lake was built from, for the incremental model).
     */
    public void registerSnapshot(SourceContract source, Path snapshot, String prefix) {
        register(source, snapshot, prefix + source.source(), "raw_" + prefix + source.source());
    }

    /**
     * Registers the natural keys tonight's extract touched ({@link TouchedKeys}), as landed text,
     * as the typed view {@code <view>} of the key columns.
     */
    public void registerTouchedKeys(SourceContract source, Path keys, String view) {
        String raw = "raw_" + view;
        engine.registerParquet(raw, keys);
        engine.createView(
                view,
                "SELECT "
                        + source.columns().stream()
                                .filter(c -> source.naturalKey().contains(c.name()))
                                .map(c -> "CAST(" + c.name() + " AS " + sqlType(c) + ") AS " + c.name())
                                .collect(Collectors.joining(", "))
                        + " FROM " + raw);
    }

    private void register(SourceContract source, String stateName, LocalDate runDate) {
        register(source, layout.workState(runDate, stateName), "stg_" + stateName, "raw_" + stateName);
    }

    private void register(SourceContract source, Path state, String view, String raw) {
        if (ParquetDirectory.hasParquetFiles(state)) {
            engine.registerParquet(raw, state);
            Set<String> missing = missingColumns(engine, raw, source);
            engine.createView(
                    view,
                    "SELECT "
                            + source.columns().stream()
                                    .map(c -> "CAST(" + (missing.contains(c.name()) ? "NULL" : c.name()) + " AS "
                                            + sqlType(c) + ") AS " + c.name())
                                    .collect(Collectors.joining(", "))
                            + ", _run, CAST(_line AS BIGINT) AS _line FROM " + raw);
        } else {
            engine.createView(
                    view,
                    "SELECT "
                            + source.columns().stream()
                                    .map(c -> "CAST(NULL AS " + sqlType(c) + ") AS " + c.name())
                                    .collect(Collectors.joining(", "))
                            + ", CAST(NULL AS STRING) AS _run, CAST(NULL AS BIGINT) AS _line WHERE 1 = 0");
        }
    }

    /**
     * The contract's columns that a registered state lacks: one the contract gained after the state was
     * written (an optional column, as products.unit_cost) reads as null, as a file leaving it out does.
     */
    static Set<String> missingColumns(Engine engine, String relation, SourceContract source) {
        Set<String> present = engine.query("SELECT * FROM " + relation + " LIMIT 0").columns().stream()
                .map(c -> c.toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        return source.columnNames().stream().filter(c -> !present.contains(c)).collect(Collectors.toSet());
    }

    /** The contract's types, spelled so both engines accept them. */
    static String sqlType(ColumnContract column) {
        return switch (column.type()) {
            case "integer" -> "INT";
            case "decimal" -> "DECIMAL(18,4)";
            case "date" -> "DATE";
            case "timestamp" -> "TIMESTAMP";
            case "boolean" -> "BOOLEAN";
            case "string", "month" -> "STRING";
            default ->
                throw new IllegalArgumentException("unknown contract type " + column.type() + " of " + column.name());
        };
    }
}
