package io.clientele.warehouse.pipeline;

import io.clientele.schemas.SourceContract;
import io.clientele.schemas.SourceContracts;
import io.clientele.warehouse.engine.Engine;
import io.clientele.warehouse.engine.EngineConfig;
import io.clientele.warehouse.engine.ParquetDirectory;
import io.clientele.warehouse.engine.ParquetTarget;
import io.clientele.warehouse.marts.MetricMarts;
import io.clientele.warehouse.model.StarSchemaBuilder;
import io.clientele.warehouse.predict.ModelSettings;
import io.clientele.warehouse.predict.PredictiveModels;
import io.clientele.warehouse.publish.WarehousePublisher;
import io.clientele.warehouse.stage.EtlRejectsStager;
import io.clientele.warehouse.stage.SourceStager;
import io.clientele.warehouse.stage.StageCounts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The warehouse side of one night, after extraction has validated the extract into
 * landing Parquet: stage → model → predict → marts → publish. Each stage is a separate call so the
 * caller (the Spring Batch job, or spark-submit) can run, record and restart them one by
 * one; the hand-off between them is Parquet under the run's work directory.
 */
public final class NightlyPipeline {

    /** The predict stage's tables that the marts read. */
    private static final List<String> PREDICTIONS = List.of("customer_predictions", "contract_lifetimes",
            "contract_periods");

    private final WarehouseLayout layout;
    private final RunSettings run;
    private final EngineConfig engines;
    private final ModelSettings models;
    private final List<SourceContract> sources = SourceContracts.all();

    public NightlyPipeline(WarehouseLayout layout, RunSettings run, EngineConfig engines) {
        this(layout, run, engines, ModelSettings.DEFAULTS);
    }

    public NightlyPipeline(WarehouseLayout layout, RunSettings run, EngineConfig engines, ModelSettings models) {
        this.layout = layout;
        this.run = run;
        this.engines = engines;
        this.models = models;
    }

    public WarehouseLayout layout() {
        return layout;
    }

    /** Upserts every source's landing rows into tonight's state and gathers the rejects. */
    public List<StageCounts> stage() {
        ParquetDirectory.deleteRecursively(layout.work(run.runDate()));
        try (Engine engine = engines.open()) {
            SourceStager stager = new SourceStager(engine, layout, run);
            List<StageCounts> counts = new ArrayList<>();
            for (SourceContract source : sources) {
                counts.add(stager.stage(source));
            }
            new EtlRejectsStager(engine, layout, run).stage(sources);
            return counts;
        }
    }

    /** Builds the star schema into the run's work lake. */
    public Map<String, Long> model() {
        return new StarSchemaBuilder(engines::open, layout, run).build(sources);
    }

    /**
     * Fits the customer-value models (BG/NBD, Gamma-Gamma, CLV) and the contract cohorts' sBG on
     * the run's star schema; writes predictions and model_fit under the run's predict directory.
     */
    public Map<String, Long> predict() {
        // model_fit/ is shared with the churn model: each writes (and replaces) only its own files
        try (Engine engine = engines.open()) {
            for (String table : StarSchemaBuilder.TABLES) {
                engine.registerParquet(table, layout.workLakeTable(run.runDate(), table));
            }
            return new PredictiveModels(layout, run, models).build(engine);
        }
    }

    /** Computes the marts from the run's star schema, each in an engine of its own (see StarSchemaBuilder). */
    public Map<String, Long> marts() {
        Map<String, Long> rows = new LinkedHashMap<>();
        MetricMarts marts = new MetricMarts();
        for (String mart : MetricMarts.TABLES) {
            try (Engine engine = engines.open()) {
                for (String table : StarSchemaBuilder.TABLES) {
                    engine.registerParquet(table, layout.workLakeTable(run.runDate(), table));
                }
                for (String table : PREDICTIONS) {
                    engine.registerParquet(table, layout.workPredictTable(run.runDate(), table));
                }
                rows.put(mart, marts.build(engine, mart, run.sqlParameters(),
                        ParquetTarget.at(layout.workMartTable(run.runDate(), mart))));
            }
        }
        return rows;
    }

    /** Moves the night's work into place and rebuilds the DuckDB file. */
    public WarehousePublisher.PublishedWarehouse publish() {
        return new WarehousePublisher(layout).publish(run.runDate(), engines.kind().id());
    }
}
