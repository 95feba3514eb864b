package io.clientele.warehouse.predict;

import io.clientele.warehouse.predict.CustomerSummaryReader.HistoryCount;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.hipparchus.util.FastMath;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fitted BG/NBD model's predictions for each distinct purchase history, a pure function of the
 * model, the histories and the settings: P(alive), purchases in {@value #HORIZON_MONTHS} months and
 * the discounted monthly purchases of the CLV.
 */
final class BgNbdPredictions {

    /** Months of the predicted purchases and CLV. */
    static final int HORIZON_MONTHS = 12;

    private static final Logger log = LoggerFactory.getLogger(PredictiveModels.class);

    private BgNbdPredictions() {}

    /**
     * One row of bg_nbd_predictions: a history (in days) and its predictions, null when not finite.
     */
    record Row(
            long frequency,
            int recencyDays,
            int ageDays,
            Double pAlive,
            Double predictedPurchases12m,
            Double discountedPurchases12m) {}

    /**
     * Per distinct history, in the histories' order. The hypergeometric part of each month's
     * expectation depends on (x, T) only, so it is computed once per distinct (x, T) and divided by
     * each history's 1/P(alive) — the same arithmetic as {@link BgNbdModel#conditionalExpectedPurchases},
     * on all cores, for far fewer pairs than histories.
     */
    static List<Row> predict(BgNbdModel m, List<HistoryCount> histories, ModelSettings settings) {
        long started = System.nanoTime();
        int n = histories.size();
        long[] xs = new long[n];
        int[] recencies = new int[n];
        int[] ages = new int[n];
        long[] pairOf = new long[n];
        for (int i = 0; i < n; i++) {
            HistoryCount h = histories.get(i);
            xs[i] = h.frequency();
            recencies[i] = h.recencyDays();
            ages[i] = h.ageDays();
            pairOf[i] = xs[i] << 32 | ages[i];
        }
        long[] pairs = LongStream.of(pairOf).sorted().distinct().toArray();
        double month = settings.monthInUnits();
        double unit = settings.unitDays();
        // ifAlive[k][i - 1]: purchases expected in the first i months by an alive customer of pair k
        double[][] ifAlive = new double[pairs.length][];
        IntStream.range(0, pairs.length).parallel().forEach(k -> {
            long x = pairs[k] >>> 32;
            double age = (int) pairs[k] / unit;
            double[] months = new double[HORIZON_MONTHS];
            for (int i = 1; i <= HORIZON_MONTHS; i++) {
                months[i - 1] = m.purchasesIfAlive(i * month, x, age);
            }
            ifAlive[k] = months;
        });
        Row[] rows = new Row[n];
        IntStream.range(0, n).parallel().forEach(j -> {
            long x = xs[j];
            double tx = recencies[j] / unit;
            double age = ages[j] / unit;
            double[] months = ifAlive[Arrays.binarySearch(pairs, pairOf[j])];
            double pAlive = m.probabilityAlive(x, tx, age);
            double inverse = m.inverseProbabilityAlive(x, tx, age);
            double discounted = 0;
            double before = 0;
            for (int i = 1; i <= HORIZON_MONTHS; i++) {
                double upTo = months[i - 1] / inverse;
                discounted += (upTo - before) / FastMath.pow(1 + settings.monthlyDiscountRate(), i);
                before = upTo;
            }
            boolean finite = Double.isFinite(pAlive) && Double.isFinite(before) && Double.isFinite(discounted);
            rows[j] = new Row(
                    x,
                    recencies[j],
                    ages[j],
                    finite ? pAlive : null,
                    finite ? before : null,
                    finite ? discounted : null);
        });
        long undefined = Arrays.stream(rows).filter(r -> r.pAlive() == null).count();
        if (undefined > 0) {
            log.warn("predict bg_nbd: {} of {} histories gave no finite prediction: left null", undefined, n);
        }
        log.info(
                "predict bg_nbd: predictions for {} histories from {} distinct (x, T) in {} ms",
                n,
                pairs.length,
                (System.nanoTime() - started) / 1_000_000);
        return List.of(rows);
    }
}
