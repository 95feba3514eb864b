package io.clientele.warehouse.predict;

import io.clientele.warehouse.engine.Engine;
import io.clientele.warehouse.engine.ResultTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the predict step's summaries back from the engine, grouped as the model fits take them:
 * the purchase histories and repeat spends of {@code customer_summary}, and the contract lives of
 * {@code contract_lifetimes}. Small results (one row per distinct history or cohort period).
 */
final class CustomerSummaryReader {

    /**
     * Customers with one purchase history, in days as customer_summary has it.
     *
     * @param frequency   x, repeat purchase occasions
     * @param recencyDays t_x in days, first to last purchase
     * @param ageDays     T in days, first purchase to the as-of date
     * @param customers   how many customers have this history
     */
    record HistoryCount(long frequency, int recencyDays, int ageDays, long customers) {}

    /**
     * The repeat buyers' spends, and the days with orders but no purchase the summary left out.
     */
    record SpendSummary(List<GammaGammaModel.Spend> spends, double excludedNonpositiveDays) {}

    /** One contract cohort's lives and how many periods it has been observed for. */
    record CohortLives(String cohort, List<ShiftedBetaGeometricModel.Life> lives, long observedPeriods) {}

    private final Engine engine;

    /** @param engine an engine where customer_summary (and later contract_lifetimes) is queryable */
    CustomerSummaryReader(Engine engine) {
        this.engine = engine;
    }

    /** Each distinct (x, t_x, T) of customer_summary with its customers, in (x, t_x, T) order. */
    List<HistoryCount> histories() {
        return histories("customer_summary");
    }

    /**
     * Each distinct (x, t_x, T) of a table with customer_summary's frequency, recency_days and
     * age_days columns, with its rows, in (x, t_x, T) order; rows without a history (null
     * frequency) left out.
     */
    List<HistoryCount> histories(String table) {
        ResultTable triples = engine.query("SELECT frequency, recency_days, age_days, COUNT(*) AS customers"
                + " FROM " + table + " WHERE frequency IS NOT NULL GROUP BY frequency, recency_days, age_days"
                + " ORDER BY frequency, recency_days, age_days");
        List<HistoryCount> histories = new ArrayList<>(triples.rows().size());
        for (List<Object> row : triples.rows()) {
            histories.add(new HistoryCount(
                    ((Number) row.get(0)).longValue(),
                    ((Number) row.get(1)).intValue(),
                    ((Number) row.get(2)).intValue(),
                    ((Number) row.get(3)).longValue()));
        }
        return histories;
    }

    /** Repeat buyers with a positive mean spend, grouped by (x, mean value), and the excluded days. */
    SpendSummary spends() {
        ResultTable spends =
                engine.query("SELECT frequency, monetary_value, COUNT(*) AS customers FROM customer_summary"
                        + " WHERE frequency > 0 AND monetary_value > 0 GROUP BY frequency, monetary_value"
                        + " ORDER BY frequency, monetary_value");
        Object excludedDays = engine.query("SELECT SUM(nonpositive_days) FROM customer_summary")
                .scalar();
        List<GammaGammaModel.Spend> data = new ArrayList<>();
        for (List<Object> row : spends.rows()) {
            data.add(new GammaGammaModel.Spend(
                    ((Number) row.get(0)).longValue(),
                    ((Number) row.get(1)).doubleValue(),
                    ((Number) row.get(2)).longValue()));
        }
        return new SpendSummary(data, excludedDays == null ? 0 : ((Number) excludedDays).doubleValue());
    }

    /** The contract lives of each cohort, cohorts in order. */
    List<CohortLives> contractLives() {
        ResultTable lives = engine.query("SELECT cohort, periods_survived, churned, contracts, observed_periods"
                + " FROM contract_lifetimes ORDER BY cohort, periods_survived, churned");
        Map<String, List<ShiftedBetaGeometricModel.Life>> byCohort = new LinkedHashMap<>();
        Map<String, Long> observed = new LinkedHashMap<>();
        for (List<Object> row : lives.rows()) {
            String cohort = (String) row.get(0);
            byCohort.computeIfAbsent(cohort, c -> new ArrayList<>())
                    .add(new ShiftedBetaGeometricModel.Life(
                            ((Number) row.get(1)).longValue(),
                            (Boolean) row.get(2),
                            ((Number) row.get(3)).longValue()));
            observed.put(cohort, ((Number) row.get(4)).longValue());
        }
        List<CohortLives> cohorts = new ArrayList<>(byCohort.size());
        byCohort.forEach((cohort, data) -> cohorts.add(new CohortLives(cohort, data, observed.get(cohort))));
        return cohorts;
    }
}
