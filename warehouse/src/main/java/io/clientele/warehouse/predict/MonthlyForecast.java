package io.clientele.warehouse.predict;

import io.clientele.warehouse.predict.CustomerSummaryReader.ForecastHistory;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

/**
 * The business-level forecast of docs/contract.md §4.19, a pure function of the fitted models and
 * the distinct histories: for each calendar month after the month the histories end in, the
 * purchases the existing customers are expected to make in it, Σ E[X(t_k) | x, t_x, T] −
 * E[X(t_{k−1}) | x, t_x, T] over the customers, and that × each customer's expected order value.
 * New customers are not forecast.
 */
final class MonthlyForecast {

    /** Months of the forecast made on D. */
    static final int MONTHS = 12;

    /** Months of the backtest: the complete months after its cutoff. */
    static final int BACKTEST_MONTHS = 3;

    /** Histories per chunk of the parallel sums: fixed, so the sums do not depend on the cores. */
    private static final int CHUNK = 4096;

    private MonthlyForecast() {}

    /**
     * One forecast month.
     *
     * @param month             its first day
     * @param monthsAhead       k: months after the month of the histories' end
     * @param customers         the customers whose expectations are summed
     * @param expectedPurchases purchase days expected in the month; null without a BG/NBD fit
     * @param expectedRevenue   revenue expected in the month; null without a Gamma-Gamma fit
     */
    record Month(LocalDate month, int monthsAhead, long customers, Double expectedPurchases, Double expectedRevenue) {}

    /** The first day of the k-th month after {@code historyEnd}'s month. */
    static LocalDate monthStart(LocalDate historyEnd, int k) {
        return historyEnd.withDayOfMonth(1).plusMonths(k);
    }

    /** t_k in days: from the histories' end to the last day of the k-th month after its month (k = 0: its own). */
    static long daysToMonthEnd(LocalDate historyEnd, int k) {
        return ChronoUnit.DAYS.between(historyEnd, monthStart(historyEnd, k + 1).minusDays(1));
    }

    /**
     * The backtest's cutoff as of D: the last day of the third month before the last complete month
     * (the last month whose last day is on or before D), so the three months after it are complete.
     */
    static LocalDate backtestCutoff(LocalDate asOf) {
        LocalDate lastComplete = asOf.plusDays(1).withDayOfMonth(1).minusMonths(1);
        return lastComplete.minusMonths(2).minusDays(1);
    }

    /** The months with nothing forecast (no BG/NBD fit): their customers, null expectations. */
    static List<Month> unforecast(LocalDate historyEnd, int months, long customers) {
        List<Month> out = new ArrayList<>(months);
        for (int k = 1; k <= months; k++) {
            out.add(new Month(monthStart(historyEnd, k), k, customers, null, null));
        }
        return out;
    }

    /**
     * The forecast of {@code months} months after the month of {@code historyEnd}, the day the
     * histories end. The hypergeometric part of each boundary's expectation depends on (x, T) only:
     * it is computed once per distinct (x, T) and divided by each history's 1/P(alive), as in
     * {@link BgNbdPredictions}. A history whose expectations are not finite is left out of the sums
     * (and out of {@code customers}).
     */
    static List<Month> forecast(
            BgNbdModel m,
            Optional<GammaGammaModel> spend,
            List<ForecastHistory> histories,
            LocalDate historyEnd,
            int months,
            ModelSettings settings) {
        double unit = settings.unitDays();
        double[] boundary = new double[months + 1];
        for (int k = 0; k <= months; k++) {
            boundary[k] = daysToMonthEnd(historyEnd, k) / unit;
        }
        int n = histories.size();
        long[] pairOf = new long[n];
        for (int i = 0; i < n; i++) {
            pairOf[i] = histories.get(i).frequency() << 32 | histories.get(i).ageDays();
        }
        long[] pairs = LongStream.of(pairOf).sorted().distinct().toArray();
        // ifAlive[p][k]: purchases an alive customer of pair p is expected to make up to boundary k
        double[][] ifAlive = new double[pairs.length][];
        IntStream.range(0, pairs.length).parallel().forEach(p -> {
            long x = pairs[p] >>> 32;
            double age = (int) pairs[p] / unit;
            double[] upTo = new double[months + 1];
            for (int k = 0; k <= months; k++) {
                upTo[k] = boundary[k] <= 0 ? 0 : m.purchasesIfAlive(boundary[k], x, age);
            }
            ifAlive[p] = upTo;
        });
        int chunks = (n + CHUNK - 1) / CHUNK;
        double[][] purchases = new double[chunks][months];
        double[][] revenue = new double[chunks][months];
        long[] counted = new long[chunks];
        IntStream.range(0, chunks).parallel().forEach(c -> {
            double[] inMonth = new double[months];
            for (int j = c * CHUNK; j < Math.min(n, (c + 1) * CHUNK); j++) {
                ForecastHistory h = histories.get(j);
                double[] upTo = ifAlive[Arrays.binarySearch(pairs, pairOf[j])];
                double inverse = m.inverseProbabilityAlive(h.frequency(), h.recencyDays() / unit, h.ageDays() / unit);
                double orderValues = spend.map(g -> orderValues(g, h)).orElse(0.0);
                boolean finite = Double.isFinite(orderValues);
                for (int k = 1; k <= months; k++) {
                    inMonth[k - 1] = (upTo[k] - upTo[k - 1]) / inverse;
                    finite &= Double.isFinite(inMonth[k - 1]);
                }
                if (finite) {
                    counted[c] += h.customers();
                    for (int k = 0; k < months; k++) {
                        purchases[c][k] += h.customers() * inMonth[k];
                        revenue[c][k] += orderValues * inMonth[k];
                    }
                }
            }
        });
        long customers = 0;
        double[] totalPurchases = new double[months];
        double[] totalRevenue = new double[months];
        for (int c = 0; c < chunks; c++) {
            customers += counted[c];
            for (int k = 0; k < months; k++) {
                totalPurchases[k] += purchases[c][k];
                totalRevenue[k] += revenue[c][k];
            }
        }
        List<Month> out = new ArrayList<>(months);
        for (int k = 1; k <= months; k++) {
            out.add(new Month(
                    monthStart(historyEnd, k),
                    k,
                    customers,
                    totalPurchases[k - 1],
                    spend.isPresent() ? totalRevenue[k - 1] : null));
        }
        return out;
    }

    /**
     * Σ expected_order_value over the history's customers: (v + x·m̄)·p / (p·x + q − 1) for those
     * valued by their own mean (Σ x·m̄ is their repeat revenue), the population mean p·v / (q − 1) for
     * the others.
     */
    static double orderValues(GammaGammaModel g, ForecastHistory h) {
        double own =
                (h.valuedCustomers() * g.gamma() + h.valuedRevenue()) * g.p() / (g.p() * h.frequency() + g.q() - 1);
        double others = (h.customers() - h.valuedCustomers()) * g.populationMeanValue();
        return (h.valuedCustomers() > 0 ? own : 0) + others;
    }
}
