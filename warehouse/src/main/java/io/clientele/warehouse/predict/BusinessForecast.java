package io.clientele.warehouse.predict;

import io.clientele.warehouse.engine.Engine;
import io.clientele.warehouse.predict.CustomerSummaryReader.ForecastHistory;
import io.clientele.warehouse.predict.CustomerSummaryReader.MonthPurchases;
import io.clientele.warehouse.predict.CustomerValueFits.Outcome;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The predict step's forecast and its backtest (docs/contract.md §4.19): the purchases and revenue
 * the existing customers are expected to bring in each of the 12 months after D's month, from the
 * night's BG/NBD and Gamma-Gamma fits; and the same models fitted again on the histories cut at
 * the backtest's cutoff, their forecast of the 3 complete months after it beside what those
 * customers actually bought. Writes {@code forecast_monthly} and
 * {@code model_fit/forecast_backtest.parquet}; a model that cannot be fitted leaves its numbers
 * null and says why in model_fit.
 */
final class BusinessForecast {

    /** The published table. */
    static final String TABLE = "forecast_monthly";

    /** model_fit's model name for the backtest's fits and errors. */
    static final String MODEL = "forecast_backtest";

    /** customer_summary as of the cutoff: the step's scratch, not published. */
    static final String SUMMARY_AT_CUTOFF = "forecast_backtest_summary";

    private static final Logger log = LoggerFactory.getLogger(PredictiveModels.class);

    private BusinessForecast() {}

    /**
     * One row of forecast_monthly.
     *
     * @param isBacktest      a month of the backtest (forecast from the histories up to the cutoff)
     * @param historyEnd      the day the histories end: D, or the cutoff
     * @param month           the forecast month
     * @param actualPurchases the backtest month's actual purchase days; null on a forecast row
     * @param actualRevenue   the backtest month's actual revenue, to the cent; null on a forecast row
     */
    record Row(
            boolean isBacktest,
            LocalDate historyEnd,
            MonthlyForecast.Month month,
            Long actualPurchases,
            BigDecimal actualRevenue) {}

    /** Rows written: forecast_monthly's and model_fit's. */
    record Written(long forecastRows, long modelFitRows) {}

    /**
     * @param summaries the night's customer_summary
     * @param bgNbd     the night's BG/NBD fit, empty when not fitted
     * @param spend     the night's Gamma-Gamma fit, empty when not fitted
     * @param params    the parameters customer_summary.sql was rendered with
     */
    static Written build(
            Engine engine,
            PredictionWriter writer,
            CustomerSummaryReader summaries,
            Optional<BgNbdModel> bgNbd,
            Optional<GammaGammaModel> spend,
            LocalDate asOf,
            Map<String, String> params,
            ModelSettings settings) {
        long started = System.nanoTime();
        List<ForecastHistory> histories = summaries.forecastHistories();
        List<MonthlyForecast.Month> ahead = months(bgNbd, spend, histories, asOf, MonthlyForecast.MONTHS, settings);
        List<Row> rows = new ArrayList<>();
        for (MonthlyForecast.Month m : ahead) {
            rows.add(new Row(false, asOf, m, null, null));
        }
        long forecastMillis = (System.nanoTime() - started) / 1_000_000;
        List<ModelFitRow> fitRows = backtest(engine, writer, asOf, params, settings, rows);
        writer.writeForecast(rows);
        writer.writeModelFit(MODEL + ".parquet", fitRows);
        log.info(
                "predict forecast: {} months from {} histories in {} ms; backtest in {} ms",
                ahead.size(),
                histories.size(),
                forecastMillis,
                (System.nanoTime() - started) / 1_000_000 - forecastMillis);
        return new Written(rows.size(), fitRows.size());
    }

    /** Fits, forecasts and compares as of the cutoff; adds its rows to {@code rows}, returns its model_fit rows. */
    private static List<ModelFitRow> backtest(
            Engine engine,
            PredictionWriter writer,
            LocalDate asOf,
            Map<String, String> params,
            ModelSettings settings,
            List<Row> rows) {
        LocalDate cutoff = MonthlyForecast.backtestCutoff(asOf);
        Map<String, String> atCutoff = new LinkedHashMap<>(params);
        atCutoff.put("as_of_date", "DATE '" + cutoff + "'");
        writer.materialize("customer_summary", SUMMARY_AT_CUTOFF, atCutoff);
        try {
            CustomerSummaryReader summary = new CustomerSummaryReader(engine, SUMMARY_AT_CUTOFF);
            String fitted = "fitted on the histories up to " + cutoff;
            Outcome<BgNbdModel> bgNbd = CustomerValueFits.fitBgNbd(
                    summary.histories(), settings, MODEL, "the backtest's forecast stays null");
            List<ModelFitRow> fit = new ArrayList<>(noted(bgNbd.rows(), fitted));
            Optional<GammaGammaModel> spend = Optional.empty();
            if (bgNbd.model().isPresent()) {
                Outcome<GammaGammaModel> gammaGamma = CustomerValueFits.fitGammaGamma(
                        summary.spends(), settings, MODEL, "the backtest's revenue stays null");
                fit.addAll(noted(gammaGamma.rows(), fitted));
                spend = gammaGamma.model();
            }
            List<ForecastHistory> histories = summary.forecastHistories();
            List<MonthlyForecast.Month> months =
                    months(bgNbd.model(), spend, histories, cutoff, MonthlyForecast.BACKTEST_MONTHS, settings);
            List<MonthPurchases> actual = summary.purchasesAfter(cutoff, MonthlyForecast.BACKTEST_MONTHS);
            for (int k = 1; k <= months.size(); k++) {
                MonthlyForecast.Month m = months.get(k - 1);
                MonthPurchases a = actual.get(k - 1);
                BigDecimal revenue = a.revenue().setScale(2, RoundingMode.HALF_UP);
                rows.add(new Row(true, cutoff, m, a.purchaseDays(), revenue));
                String note = m.month().toString().substring(0, 7) + " against the forecast from the histories up to "
                        + cutoff;
                fit.addAll(
                        errors(settings, "purchases", k, m.customers(), a.purchaseDays(), m.expectedPurchases(), note));
                fit.addAll(errors(
                        settings, "revenue", k, m.customers(), revenue.doubleValue(), m.expectedRevenue(), note));
            }
            return fit;
        } finally {
            engine.drop(SUMMARY_AT_CUTOFF);
        }
    }

    private static List<MonthlyForecast.Month> months(
            Optional<BgNbdModel> bgNbd,
            Optional<GammaGammaModel> spend,
            List<ForecastHistory> histories,
            LocalDate historyEnd,
            int months,
            ModelSettings settings) {
        if (bgNbd.isEmpty()) {
            long customers =
                    histories.stream().mapToLong(ForecastHistory::customers).sum();
            return MonthlyForecast.unforecast(historyEnd, months, customers);
        }
        return MonthlyForecast.forecast(bgNbd.get(), spend, histories, historyEnd, months, settings);
    }

    /**
     * {@code <what>_error_m<k>} = actual − forecast and {@code <what>_relative_error_m<k>} = (actual −
     * forecast) ÷ actual, null when the actual is 0; none when nothing was forecast.
     */
    private static List<ModelFitRow> errors(
            ModelSettings settings, String what, int k, long customers, double actual, Double forecast, String note) {
        if (forecast == null || !Double.isFinite(forecast)) {
            return List.of();
        }
        double error = actual - forecast;
        return List.of(
                new ModelFitRow(MODEL, what + "_error_m" + k, error, settings.timeUnit(), customers, null, null, note),
                new ModelFitRow(
                        MODEL,
                        what + "_relative_error_m" + k,
                        actual == 0 ? null : error / actual,
                        settings.timeUnit(),
                        customers,
                        null,
                        null,
                        actual == 0 ? note + "; no actual " + what + ", so no relative error" : note));
    }

    private static List<ModelFitRow> noted(List<ModelFitRow> rows, String note) {
        return rows.stream()
                .map(r -> new ModelFitRow(
                        r.model(),
                        r.parameter(),
                        r.value(),
                        r.timeUnit(),
                        r.nCustomers(),
                        r.logLikelihood(),
                        null,
                        note))
                .toList();
    }
}
