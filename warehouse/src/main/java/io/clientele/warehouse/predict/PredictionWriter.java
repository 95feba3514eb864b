package io.clientele.warehouse.predict;

import io.clientele.warehouse.engine.Engine;
import io.clientele.warehouse.engine.ParquetTarget;
import io.clientele.warehouse.engine.SqlTemplate;
import io.clientele.warehouse.layout.WarehouseLayout;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the predict step's tables under the run's {@code predict/}: the SQL ones
 * ({@code warehouse/sql/predict/*.sql}) materialized by the engine, and the rows the model fits
 * compute in Java (per-history BG/NBD predictions, the contract cohorts' period spine, model_fit)
 * through {@link ParquetRowWriter}, each then registered with the engine when later SQL reads it.
 */
final class PredictionWriter {

    private static final Logger log = LoggerFactory.getLogger(PredictiveModels.class);

    private final Engine engine;
    private final WarehouseLayout layout;
    private final LocalDate runDate;

    PredictionWriter(Engine engine, WarehouseLayout layout, LocalDate runDate) {
        this.engine = engine;
        this.layout = layout;
        this.runDate = runDate;
    }

    /** Renders {@code predict/<table>.sql}, materializes it as {@code table} and writes it; returns its rows. */
    long materialize(String table, Map<String, String> params) {
        long started = System.nanoTime();
        String sql = SqlTemplate.load("predict/" + table + ".sql").render(engine.dialect(), params);
        long n = engine.materialize(table, sql, ParquetTarget.at(layout.workPredictTable(runDate, table)));
        log.info("predict {}: {} rows ({} ms)", table, n, (System.nanoTime() - started) / 1_000_000);
        return n;
    }

    /** Writes bg_nbd_predictions and registers it for customer_predictions.sql; returns its rows. */
    long writeBgNbdPredictions(List<BgNbdPredictions.Row> rows) {
        return writeBgNbdPredictions("bg_nbd_predictions", rows);
    }

    /** Writes per-history BG/NBD predictions as {@code table} and registers it for the SQL that reads it. */
    long writeBgNbdPredictions(String table, List<BgNbdPredictions.Row> rows) {
        Path file = layout.workPredictTable(runDate, table).resolve("part-0.parquet");
        ParquetRowWriter.write(
                file,
                "frequency BIGINT, recency_days INT, age_days INT, p_alive DOUBLE,"
                        + " predicted_purchases_12m DOUBLE, discounted_purchases_12m DOUBLE",
                "*",
                rows.stream()
                        .map(r -> new Object[] {
                            r.frequency(),
                            r.recencyDays(),
                            r.ageDays(),
                            r.pAlive(),
                            r.predictedPurchases12m(),
                            r.discountedPurchases12m()
                        })
                        .toList());
        engine.registerParquet(table, file.getParent());
        return rows.size();
    }

    /** Writes contract_periods (each cohort's periods with the fitted curve); returns its rows. */
    long writeContractPeriods(List<ContractCohortFits.Period> periods) {
        Path file = layout.workPredictTable(runDate, "contract_periods").resolve("part-0.parquet");
        ParquetRowWriter.write(
                file,
                "cohort VARCHAR, period BIGINT, sbg_alpha DOUBLE, sbg_beta DOUBLE,"
                        + " fitted_survival DOUBLE, fitted_retention DOUBLE",
                "*",
                periods.stream()
                        .map(p -> new Object[] {
                            p.cohort(), p.period(), p.alpha(), p.beta(), p.fittedSurvival(), p.fittedRetention()
                        })
                        .toList());
        return periods.size();
    }

    /** Writes one model family's rows as {@code model_fit/<file>}. */
    void writeModelFit(String file, List<ModelFitRow> rows) {
        ModelFitWriter.write(layout.workModelFit(runDate).resolve(file), runDate, rows);
    }
}
