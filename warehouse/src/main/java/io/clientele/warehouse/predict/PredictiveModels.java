package io.clientele.warehouse.predict;

import io.clientele.warehouse.engine.Engine;
import io.clientele.warehouse.layout.RunSettings;
import io.clientele.warehouse.layout.WarehouseLayout;
import io.clientele.warehouse.predict.CustomerSummaryReader.HistoryCount;
import io.clientele.warehouse.predict.CustomerValueFits.Outcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The predict step, in order: the per-customer history in SQL (either engine), the BG/NBD and
 * Gamma-Gamma fits and the 12-month CLV, and the shifted-beta-geometric fit of each contract
 * cohort. Writes under {@code <work>/predict/}: {@code customer_summary},
 * {@code bg_nbd_predictions} (per distinct history), {@code customer_predictions},
 * {@code lapsed_customer_histories}, {@code lapsed_bg_nbd_predictions} and
 * {@code lapsed_customer_predictions} (each month's lapsed customers valued as of the day before it),
 * {@code contract_lifetimes}, {@code contract_periods} and {@code model_fit/clv.parquet},
 * {@code model_fit/sbg.parquet}. A model that cannot be fitted (too little data, no
 * convergence) is logged, explained in model_fit and leaves its predictions NULL; the night
 * goes on.
 *
 * <p>This class only sequences the step: {@link CustomerSummaryReader} reads the summaries,
 * {@link CustomerValueFits}, {@link BgNbdPredictions} and {@link ContractCohortFits} do the
 * maths, {@link PredictionWriter} writes the tables. The step's log lines all come under this
 * class's logger.
 *
 * <p>{@link BusinessForecast} adds the monthly forecast of the existing customers and its backtest
 * ({@code forecast_monthly}, {@code model_fit/forecast_backtest.parquet}; docs/contract.md §4.19).
 */
public final class PredictiveModels {

    private static final Logger log = LoggerFactory.getLogger(PredictiveModels.class);

    private final WarehouseLayout layout;
    private final RunSettings run;
    private final ModelSettings settings;

    public PredictiveModels(WarehouseLayout layout, RunSettings run, ModelSettings settings) {
        this.layout = layout;
        this.run = run;
        this.settings = settings;
    }

    /** Runs every model on an engine where the run's star schema is registered; returns rows written per table. */
    public Map<String, Long> build(Engine engine) {
        CustomerSummaryReader summaries = new CustomerSummaryReader(engine);
        PredictionWriter writer = new PredictionWriter(engine, layout, run.runDate());
        Map<String, Long> rows = new LinkedHashMap<>();
        Map<String, String> params = new LinkedHashMap<>(run.sqlParameters());
        params.put("time_unit_days", "CAST(" + (int) settings.unitDays() + " AS DOUBLE)");

        rows.put("customer_summary", writer.materialize("customer_summary", params));
        List<HistoryCount> histories = summaries.histories();
        Outcome<BgNbdModel> bgNbd = CustomerValueFits.fitBgNbd(histories, settings);
        rows.put(
                "bg_nbd_predictions",
                writer.writeBgNbdPredictions(bgNbd.model()
                        .map(m -> BgNbdPredictions.predict(m, histories, settings))
                        .orElse(List.of())));
        Outcome<GammaGammaModel> gammaGamma = CustomerValueFits.fitGammaGamma(summaries.spends(), settings);
        // one line for the benchmark script: the two searches alone, without the SQL around them
        log.info(
                "predict fit: bg_nbd + gamma_gamma in {} ms (bg_nbd {} ms, {} evaluations; gamma_gamma {} ms,"
                        + " {} evaluations)",
                bgNbd.effort().millis() + gammaGamma.effort().millis(),
                bgNbd.effort().millis(),
                bgNbd.effort().evaluations(),
                gammaGamma.effort().millis(),
                gammaGamma.effort().evaluations());
        params.put("gg_p", literal(gammaGamma.model().map(GammaGammaModel::p)));
        params.put("gg_q", literal(gammaGamma.model().map(GammaGammaModel::q)));
        params.put("gg_v", literal(gammaGamma.model().map(GammaGammaModel::gamma)));
        rows.put("customer_predictions", writer.materialize("customer_predictions", params));
        rows.putAll(lapsedCustomerPredictions(
                writer, summaries, bgNbd.model(), params, gammaGamma.model().isPresent()));
        List<ModelFitRow> fitRows = new ArrayList<>(bgNbd.rows());
        fitRows.addAll(gammaGamma.rows());
        writer.writeModelFit("clv.parquet", fitRows);
        BusinessForecast.Written forecast = BusinessForecast.build(
                engine, writer, summaries, bgNbd.model(), gammaGamma.model(), run.runDate(), params, settings);
        rows.put(BusinessForecast.TABLE, forecast.forecastRows());

        rows.put("contract_lifetimes", writer.materialize("contract_lifetimes", params));
        ContractCohortFits.Fits cohorts = ContractCohortFits.fit(summaries.contractLives());
        rows.put("contract_periods", writer.writeContractPeriods(cohorts.periods()));
        writer.writeModelFit("sbg.parquet", cohorts.rows());
        rows.put(
                "model_fit",
                fitRows.size() + forecast.modelFitRows() + cohorts.rows().size());
        return rows;
    }

    /**
     * The lapsed customers of each complete month valued as they stood the day before it (contract
     * §4.14): their histories in SQL, the BG/NBD per distinct history as for customer_predictions,
     * then the CLV in SQL with the Gamma-Gamma parameters already in {@code params}.
     */
    private Map<String, Long> lapsedCustomerPredictions(
            PredictionWriter writer,
            CustomerSummaryReader summaries,
            Optional<BgNbdModel> bgNbd,
            Map<String, String> params,
            boolean gammaGammaFitted) {
        Map<String, Long> rows = new LinkedHashMap<>();
        rows.put("lapsed_customer_histories", writer.materialize("lapsed_customer_histories", params));
        List<HistoryCount> histories = summaries.histories("lapsed_customer_histories");
        rows.put(
                "lapsed_bg_nbd_predictions",
                writer.writeBgNbdPredictions(
                        "lapsed_bg_nbd_predictions",
                        bgNbd.map(m -> BgNbdPredictions.predict(m, histories, settings))
                                .orElse(List.of())));
        Map<String, String> lapsed = new LinkedHashMap<>(params);
        lapsed.put("clv_fitted", bgNbd.isPresent() && gammaGammaFitted ? "TRUE" : "FALSE");
        rows.put("lapsed_customer_predictions", writer.materialize("lapsed_customer_predictions", lapsed));
        return rows;
    }

    /** A double as a literal both engines read as DOUBLE, or a typed NULL. */
    static String literal(Optional<Double> value) {
        if (value.isEmpty() || !Double.isFinite(value.get())) {
            return "CAST(NULL AS DOUBLE)";
        }
        String text = Double.toString(value.get());
        return "CAST(" + (text.contains("E") ? text : text + "E0") + " AS DOUBLE)";
    }
}
