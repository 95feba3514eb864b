package io.clientele.warehouse.model;

import io.clientele.schemas.SourceContract;
import io.clientele.warehouse.engine.Engine;
import io.clientele.warehouse.engine.ParquetTarget;
import io.clientele.warehouse.engine.SqlTemplate;
import io.clientele.warehouse.pipeline.RunSettings;
import io.clientele.warehouse.pipeline.WarehouseLayout;
import io.clientele.warehouse.stage.StagedSourceViews;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the Kimball star schema of CONTRACT §3 from tonight's staged state, as of the run
 * date, one SQL file per table under {@code warehouse/sql/model/}, in dependency order.
 */
public final class StarSchemaBuilder {

    /** In build order: dimensions first, then the facts that look their keys up. */
    public static final List<String> TABLES = List.of(
            "dim_date", "dim_customer", "dim_product",
            "fact_order", "fact_order_line", "fact_complaint", "fact_contract",
            "fact_interaction", "fact_survey_response", "fact_customer_month", "fact_marketing_spend");

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

    /** @return rows written per table, in build order */
    public Map<String, Long> build(List<SourceContract> sources) {
        Map<String, String> parameters = new HashMap<>(run.sqlParameters());
        try (Engine engine = open(sources, List.of())) {
            parameters.put("first_date", "DATE '" + firstEventDate(engine) + "'");
        }
        Map<String, Long> rows = new LinkedHashMap<>();
        for (String table : TABLES) {
            long started = System.nanoTime();
            try (Engine engine = open(sources, List.copyOf(rows.keySet()))) {
                String sql = SqlTemplate.load("model/" + table + ".sql").render(engine.dialect(), parameters);
                long n = engine.materialize(table, sql,
                        ParquetTarget.at(layout.workLakeTable(run.runDate(), table)));
                rows.put(table, n);
                log.info("model {}: {} rows ({} ms)", table, n, (System.nanoTime() - started) / 1_000_000);
            }
        }
        return rows;
    }

    /** An engine that sees tonight's staged sources and the tables built so far. */
    private Engine open(List<SourceContract> sources, List<String> built) {
        Engine engine = engines.get();
        new StagedSourceViews(engine, layout).register(sources, run.runDate());
        for (String table : built) {
            engine.registerParquet(table, layout.workLakeTable(run.runDate(), table));
        }
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
}
