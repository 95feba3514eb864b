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
        return materialize(table, table, params);
    }

    /** Renders {@code predict/<sqlFile>.sql} with {@code params} and materializes it as {@code table}. */
    long materialize(String sqlFile, String table, Map<String, String> params) {
        long started = System.nanoTime();
        String sql = SqlTemplate.load("predict/" + sqlFile + ".sql").render(engine.dialect(), params);
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

    /** Writes forecast_monthly (the forecast made on D and its backtest); returns its rows. */
    long writeForecast(List<BusinessForecast.Row> rows) {
        Path file = layout.workPredictTable(runDate, BusinessForecast.TABLE).resolve("part-0.parquet");
        ParquetRowWriter.write(
                file,
                "is_backtest BOOLEAN, history_end VARCHAR, month VARCHAR, months_ahead INT, customers BIGINT,"
                        + " expected_purchases DOUBLE, expected_revenue DOUBLE, actual_purchases BIGINT,"
                        + " actual_revenue VARCHAR",
                "DATE '" + runDate + "' AS as_of_date, is_backtest, CAST(history_end AS DATE) AS history_end,"
                        + " CAST(month AS DATE) AS month, months_ahead, customers, expected_purchases,"
                        + " expected_revenue, actual_purchases, CAST(actual_revenue AS DECIMAL(18,2)) AS actual_revenue",
                rows.stream()
                        .map(r -> new Object[] {
                            r.isBacktest(),
                            r.historyEnd().toString(),
                            r.month().month().toString(),
                            r.month().monthsAhead(),
                            r.month().customers(),
                            finite(r.month().expectedPurchases()),
                            finite(r.month().expectedRevenue()),
                            r.actualPurchases(),
                            r.actualRevenue() == null ? null : r.actualRevenue().toPlainString()
                        })
                        .toList());
        return rows.size();
    }

    private static Double finite(Double value) {
        return value == null || !Double.isFinite(value) ? null : value;
    }

    /** Writes one model family's rows as {@code model_fit/<file>}. */
    void writeModelFit(String file, List<ModelFitRow> rows) {
        ModelFitWriter.write(layout.workModelFit(runDate).resolve(file), runDate, rows);
    }
}
