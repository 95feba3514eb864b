package io.clientele.warehouse.pipeline;

import io.clientele.schemas.SourceContract;
import io.clientele.schemas.SourceContracts;
import io.clientele.warehouse.checks.DataQualityChecks;
import io.clientele.warehouse.engine.Engine;
import io.clientele.warehouse.engine.EngineConfig;
import io.clientele.warehouse.engine.EngineKind;
import io.clientele.warehouse.engine.ParquetDirectory;
import io.clientele.warehouse.engine.ParquetTarget;
import io.clientele.warehouse.layout.LakeBaseline;
import io.clientele.warehouse.layout.RunSettings;
import io.clientele.warehouse.layout.WarehouseLayout;
import io.clientele.warehouse.marts.MetricMarts;
import io.clientele.warehouse.predict.ChurnFit;
import io.clientele.warehouse.predict.ChurnPropensityModel;
import io.clientele.warehouse.predict.ChurnSettings;
import io.clientele.warehouse.predict.ModelSettings;
import io.clientele.warehouse.predict.PredictiveModels;
import io.clientele.warehouse.publish.WarehousePublisher;
import io.clientele.warehouse.stage.EtlRejectsStager;
import io.clientele.warehouse.stage.SourceStager;
import io.clientele.warehouse.stage.StageCounts;
import io.clientele.warehouse.star.StarSchemaBuilder;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The warehouse side of one night, after extraction has validated the extract into
 * landing Parquet: stage → model (the star schema) → predict → predictChurn → marts → publish → check. Each stage is a separate call so the
 * caller (the Spring Batch job, or spark-submit) can run, record and restart them one by
 * one; the hand-off between them is Parquet under the run's work directory.
 */
public final class NightlyPipeline {

    /** The table the marts read as one file on DuckDB (see singleFileCopy). */
    private static final String SINGLE_FILE_FOR_MARTS = "fact_customer_month";
    /** The churn model's scores: an empty table stands in when the model did not run. */
    private static final String CHURN_SCORES = "churn_scores";

    private final WarehouseLayout layout;
    private final RunSettings run;
    private final EngineConfig engines;
    private final ModelSettings models;
    private final ChurnSettings.Mode churnModel;
    private final List<SourceContract> sources = SourceContracts.all();

    public NightlyPipeline(WarehouseLayout layout, RunSettings run, EngineConfig engines) {
        this(layout, run, engines, ModelSettings.DEFAULTS, ChurnSettings.Mode.AUTO);
    }

    /**
     * @param models     the customer-value models' settings (time unit, discount rate)
     * @param churnModel whether the churn propensity model runs ({@code clientele.models.churn})
     */
    public NightlyPipeline(
            WarehouseLayout layout,
            RunSettings run,
            EngineConfig engines,
            ModelSettings models,
            ChurnSettings.Mode churnModel) {
        this.layout = layout;
        this.run = run;
        this.engines = engines;
        this.models = models;
        this.churnModel = churnModel;
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

    /**
     * Builds the star schema into the run's work lake: incrementally (only the partitions
     * tonight can change) when the published lake's baseline was built with the same
     * definitions, in full otherwise.
     */
    public Map<String, Long> model() {
        String fingerprint = StarSchemaBuilder.fingerprint(run, engines.kind());
        Optional<LocalDate> baseline = LakeBaseline.read(layout)
                .filter(b -> b.fingerprint().equals(fingerprint))
                .map(LakeBaseline::asOfDate);
        return new StarSchemaBuilder(engines::open, layout, run).build(sources, baseline);
    }

    /**
     * Fits the churn propensity model on the run's star schema (in the JVM on DuckDB, Spark MLlib
     * on Spark, as {@code clientele.models.churn} says), or scores with the published night's kept
     * fit while it is younger than {@code churn-refit-days}, and writes churn_scores,
     * model_fit/churn_logit.parquet and the kept fit under the run's predict directory; when off or
     * when the data are too thin, no scores and a model_fit row saying why.
     */
    public Map<String, Long> predictChurn() {
        ChurnFit fit;
        try (Engine engine = engines.open()) {
            fit = new ChurnPropensityModel(engines.spark())
                    .fit(
                            engine,
                            layout.workLake(run.runDate()),
                            run.runDate(),
                            ChurnSettings.of(
                                    churnModel,
                                    run.inactivityDays(),
                                    models.churnTrainingRows(),
                                    models.churnRefitDays()),
                            layout.churnFit(),
                            layout.workPredict(run.runDate()));
        }
        Map<String, Long> rows = new LinkedHashMap<>();
        rows.put("churn_scores", fit.scoredCustomers());
        rows.put("model_fit", fit.modelFitRows());
        return rows;
    }

    /**
     * Fits the customer-value models (BG/NBD, Gamma-Gamma, CLV) and the contract cohorts' sBG on
     * the run's star schema; writes predictions and model_fit under the run's predict directory.
     */
    public Map<String, Long> predict() {
        // model_fit/ is shared with the churn model: each writes (and replaces) only its own files
        try (Engine engine = engines.open()) {
            for (String table : StarSchemaBuilder.tables()) {
                engine.registerParquet(table, layout.workLakeTable(run.runDate(), table));
            }
            return new PredictiveModels(layout, run, models).build(engine);
        }
    }

    /** Computes the marts from the run's star schema, each in an engine of its own (see StarSchemaBuilder). */
    public Map<String, Long> marts() {
        Map<String, Long> rows = new LinkedHashMap<>();
        MetricMarts marts = new MetricMarts();
        Path singleFile = singleFileCopy(SINGLE_FILE_FOR_MARTS);
        try {
            for (String mart : MetricMarts.tables()) {
                rows.put(mart, mart(marts, mart, singleFile));
            }
        } finally {
            if (singleFile != null) {
                ParquetDirectory.deleteRecursively(singleFile);
            }
        }
        return rows;
    }

    /**
     * The customer-month snapshot, as the marts read it on DuckDB: one Parquet file, not its month
     * partitions. DuckDB reads a partitioned table as a UNION ALL of one scan per file (see
     * ParquetDirectory.duckDbScan), and a statement that reads it several times, as
     * mart_churn_monthly does, then holds state per file and scan, which can exceed the memory
     * limit on large extracts where the same statement over one file stays within it (BENCHMARKS.md,
     * shaped extracts). The copy is cheap next to the marts. Null on Spark (not needed).
     */
    private Path singleFileCopy(String table) {
        if (engines.kind() != EngineKind.DUCKDB) {
            return null;
        }
        Path copy = layout.martsInputCopy(table);
        try (Engine engine = engines.open()) {
            engine.registerParquet(table, layout.workLakeTable(run.runDate(), table));
            engine.materialize(table + "_single_file", "SELECT * FROM " + table, ParquetTarget.at(copy));
        }
        return copy;
    }

    private long mart(MetricMarts marts, String mart, Path singleFile) {
        try (Engine engine = engines.open()) {
            for (String table : StarSchemaBuilder.tables()) {
                engine.registerParquet(
                        table,
                        singleFile != null && table.equals(SINGLE_FILE_FOR_MARTS)
                                ? singleFile
                                : layout.workLakeTable(run.runDate(), table));
            }
            // the predict stage's tables the marts' manifests name in depends_on
            for (String table : MetricMarts.inputs("predict")) {
                if (table.equals(CHURN_SCORES)) {
                    registerChurnScores(engine);
                } else {
                    engine.registerParquet(table, layout.workPredictTable(run.runDate(), table));
                }
            }
            // the marts it reads, built before it (MetricMarts.tables() orders by depends_on)
            for (String input : MetricMarts.martInputs(mart)) {
                engine.registerParquet(input, layout.workMartTable(run.runDate(), input));
            }
            return marts.build(
                    engine, mart, run.sqlParameters(), ParquetTarget.at(layout.workMartTable(run.runDate(), mart)));
        }
    }

    /** Checks the published night (keys, integrity, mart invariants, row-count drift) and keeps the report. */
    public DataQualityChecks.Report check(DataQualityChecks.Settings settings) {
        return new DataQualityChecks(layout, engines.duckdb(), settings).run(run.runDate());
    }

    /** The churn model's scores, or none (every churn_probability null) when it did not run. */
    private void registerChurnScores(Engine engine) {
        Path scores = layout.workChurnScores(run.runDate());
        if (ParquetDirectory.hasParquetFiles(scores)) {
            engine.registerParquet("churn_scores", scores);
        } else {
            engine.createView(
                    "churn_scores",
                    "SELECT CAST(NULL AS STRING) AS customer_id, CAST(NULL AS DOUBLE) AS churn_probability WHERE FALSE");
        }
    }

    /** Moves the night's work into place and rebuilds the DuckDB file. */
    public WarehousePublisher.PublishedWarehouse publish() {
        // No baseline while tables move: a publish stopped half way makes the next night full.
        LakeBaseline.forget(layout);
        WarehousePublisher.PublishedWarehouse published = new WarehousePublisher(layout)
                .publish(run.runDate(), engines.kind().id());
        new LakeBaseline(run.runDate(), StarSchemaBuilder.fingerprint(run, engines.kind())).write(layout);
        return published;
    }
}
