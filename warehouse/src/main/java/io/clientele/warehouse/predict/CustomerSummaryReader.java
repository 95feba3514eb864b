package io.clientele.warehouse.predict;

import io.clientele.warehouse.engine.Engine;
import io.clientele.warehouse.engine.ResultTable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the predict step's summaries back from the engine, grouped as the model fits take them:
 * the purchase histories and repeat spends of {@code customer_summary}, and the contract lives of
 * {@code contract_lifetimes}. Small results (one row per distinct history or cohort period). The
 * summary is {@code customer_summary}, or the same SQL as of another day (the forecast's backtest).
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

    /**
     * Customers with one purchase history, with what the Gamma-Gamma expected order values of all of
     * them add up from (docs/contract.md §4.19).
     *
     * @param frequency       x, repeat purchase occasions
     * @param recencyDays     t_x in days
     * @param ageDays         T in days
     * @param customers       how many customers have this history
     * @param valuedCustomers those of them valued by their own mean (x &gt; 0 and m̄ &gt; 0); the others
     *                        get the population's mean
     * @param valuedRevenue   Σ repeat_revenue of the valued ones, exact (a DECIMAL sum): x·m̄ summed
     */
    record ForecastHistory(
            long frequency, int recencyDays, int ageDays, long customers, long valuedCustomers, double valuedRevenue) {}

    /**
     * Purchases in one calendar month after a cutoff by the customers of the summary.
     *
     * @param purchaseDays customer-days with a purchase, as customer_summary counts purchases
     * @param revenue      net revenue of the purchases (§4.3), exact
     */
    record MonthPurchases(long purchaseDays, BigDecimal revenue) {}

    /** One contract cohort's lives and how many periods it has been observed for. */
    record CohortLives(String cohort, List<ShiftedBetaGeometricModel.Life> lives, long observedPeriods) {}

    private final Engine engine;
    private final String summary;

    /** @param engine an engine where customer_summary (and later contract_lifetimes) is queryable */
    CustomerSummaryReader(Engine engine) {
        this(engine, "customer_summary");
    }

    /** @param summary the name of a table with customer_summary's columns */
    CustomerSummaryReader(Engine engine, String summary) {
        this.engine = engine;
        this.summary = summary;
    }

    /** Each distinct (x, t_x, T) of the summary with its customers, in (x, t_x, T) order. */
    List<HistoryCount> histories() {
        return histories(summary);
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
        ResultTable spends = engine.query("SELECT frequency, monetary_value, COUNT(*) AS customers FROM " + summary
                + " WHERE frequency > 0 AND monetary_value > 0 GROUP BY frequency, monetary_value"
                + " ORDER BY frequency, monetary_value");
        Object excludedDays =
                engine.query("SELECT SUM(nonpositive_days) FROM " + summary).scalar();
        List<GammaGammaModel.Spend> data = new ArrayList<>();
        for (List<Object> row : spends.rows()) {
            data.add(new GammaGammaModel.Spend(
                    ((Number) row.get(0)).longValue(),
                    ((Number) row.get(1)).doubleValue(),
                    ((Number) row.get(2)).longValue()));
        }
        return new SpendSummary(data, excludedDays == null ? 0 : ((Number) excludedDays).doubleValue());
    }

    /**
     * Each distinct (x, t_x, T) with its customers and their repeat revenue, in (x, t_x, T) order. The
     * valued test is customer_predictions.sql's, so the expected order values add up to its column.
     */
    List<ForecastHistory> forecastHistories() {
        ResultTable triples = engine.query("SELECT frequency, recency_days, age_days, COUNT(*) AS customers,"
                + " SUM(CASE WHEN frequency > 0 AND monetary_value > 0 THEN 1 ELSE 0 END) AS valued,"
                + " SUM(CASE WHEN frequency > 0 AND monetary_value > 0 THEN repeat_revenue END) AS valued_revenue"
                + " FROM " + summary + " GROUP BY frequency, recency_days, age_days"
                + " ORDER BY frequency, recency_days, age_days");
        List<ForecastHistory> histories = new ArrayList<>(triples.rows().size());
        for (List<Object> row : triples.rows()) {
            histories.add(new ForecastHistory(
                    ((Number) row.get(0)).longValue(),
                    ((Number) row.get(1)).intValue(),
                    ((Number) row.get(2)).intValue(),
                    ((Number) row.get(3)).longValue(),
                    ((Number) row.get(4)).longValue(),
                    row.get(5) == null ? 0 : decimal(row.get(5)).doubleValue()));
        }
        return histories;
    }

    /**
     * The purchases of the summary's customers in each of the {@code months} calendar months after
     * {@code cutoff} (the last day of a month), from fact_order: purchase days and revenue, 0 in a
     * month without any. Date literals only, so the SQL is the same on both engines.
     */
    List<MonthPurchases> purchasesAfter(LocalDate cutoff, int months) {
        StringBuilder month = new StringBuilder("CASE");
        for (int k = 1; k < months; k++) {
            month.append(" WHEN d.order_date <= DATE '")
                    .append(cutoff.plusDays(1).plusMonths(k).minusDays(1))
                    .append("' THEN ")
                    .append(k);
        }
        month.append(" ELSE ").append(months).append(" END");
        ResultTable byMonth = engine.query("SELECT months_ahead, COUNT(*) AS purchase_days, SUM(revenue) AS revenue"
                + " FROM (SELECT " + month + " AS months_ahead, d.revenue FROM ("
                + "SELECT o.customer_id, o.order_date, SUM(o.net_revenue) AS revenue FROM fact_order o"
                + " JOIN " + summary + " s ON s.customer_id = o.customer_id"
                + " WHERE o.is_purchase AND o.order_date > DATE '" + cutoff + "'"
                + " AND o.order_date <= DATE '"
                + cutoff.plusDays(1).plusMonths(months).minusDays(1) + "'"
                + " GROUP BY o.customer_id, o.order_date) d) m"
                + " GROUP BY months_ahead ORDER BY months_ahead");
        List<MonthPurchases> out = new ArrayList<>(months);
        for (int k = 0; k < months; k++) {
            out.add(new MonthPurchases(0, BigDecimal.ZERO));
        }
        for (List<Object> row : byMonth.rows()) {
            out.set(
                    ((Number) row.get(0)).intValue() - 1,
                    new MonthPurchases(((Number) row.get(1)).longValue(), decimal(row.get(2))));
        }
        return out;
    }

    private static BigDecimal decimal(Object value) {
        return value instanceof BigDecimal d ? d : new BigDecimal(value.toString());
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
