package io.clientele.warehouse.predict;

import io.clientele.warehouse.engine.Engine;
import io.clientele.warehouse.engine.ParquetTarget;
import io.clientele.warehouse.engine.ResultTable;
import io.clientele.warehouse.engine.SqlTemplate;
import io.clientele.warehouse.layout.RunSettings;
import io.clientele.warehouse.layout.WarehouseLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.hipparchus.util.FastMath;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The predict stage: the per-customer history in SQL (either engine), the BG/NBD and
 * Gamma-Gamma fits and the 12-month CLV, and the shifted-beta-geometric fit of each contract
 * cohort. Writes under {@code <work>/predict/}: {@code customer_summary},
 * {@code bg_nbd_predictions} (per distinct history), {@code customer_predictions},
 * {@code contract_lifetimes}, {@code contract_periods} and {@code model_fit/clv.parquet},
 * {@code model_fit/sbg.parquet}. A model that cannot be fitted (too little data, no
 * convergence) is logged, explained in model_fit and leaves its predictions NULL; the night
 * goes on.
 */
public final class PredictiveModels {

    /** Months of the predicted purchases and CLV. */
    static final int HORIZON_MONTHS = 12;

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
        Map<String, Long> rows = new LinkedHashMap<>();
        Map<String, String> params = new LinkedHashMap<>(run.sqlParameters());
        params.put("time_unit_days", "CAST(" + (int) settings.unitDays() + " AS DOUBLE)");

        rows.put("customer_summary", materialize(engine, "customer_summary", params));
        List<ModelFitRow> fitRows = new ArrayList<>();
        FitEffort bgNbdEffort = new FitEffort();
        Optional<BgNbdModel> bgNbd = fitBgNbd(engine, fitRows, bgNbdEffort);
        rows.put("bg_nbd_predictions", writeBgNbdPredictions(engine, bgNbd));
        FitEffort gammaGammaEffort = new FitEffort();
        Optional<GammaGammaModel> gammaGamma = fitGammaGamma(engine, fitRows, gammaGammaEffort);
        // one line for the benchmark script: the two searches alone, without the SQL around them
        log.info("predict fit: bg_nbd + gamma_gamma in {} ms (bg_nbd {} ms, {} evaluations; gamma_gamma {} ms,"
                        + " {} evaluations)", bgNbdEffort.millis + gammaGammaEffort.millis, bgNbdEffort.millis,
                bgNbdEffort.evaluations, gammaGammaEffort.millis, gammaGammaEffort.evaluations);
        params.put("gg_p", literal(gammaGamma.map(GammaGammaModel::p)));
        params.put("gg_q", literal(gammaGamma.map(GammaGammaModel::q)));
        params.put("gg_v", literal(gammaGamma.map(GammaGammaModel::gamma)));
        rows.put("customer_predictions", materialize(engine, "customer_predictions", params));
        writeModelFit("clv.parquet", fitRows);

        rows.put("contract_lifetimes", materialize(engine, "contract_lifetimes", params));
        List<ModelFitRow> sbgRows = new ArrayList<>();
        rows.put("contract_periods", fitContractCohorts(engine, sbgRows));
        writeModelFit("sbg.parquet", sbgRows);
        rows.put("model_fit", (long) (fitRows.size() + sbgRows.size()));
        return rows;
    }

    private long materialize(Engine engine, String table, Map<String, String> params) {
        long started = System.nanoTime();
        String sql = SqlTemplate.load("predict/" + table + ".sql").render(engine.dialect(), params);
        long n = engine.materialize(table, sql, ParquetTarget.at(layout.workPredictTable(run.runDate(), table)));
        log.info("predict {}: {} rows ({} ms)", table, n, (System.nanoTime() - started) / 1_000_000);
        return n;
    }

    /** Wall time and likelihood evaluations of one maximum-likelihood search (0 when there was none). */
    private static final class FitEffort {
        long millis;
        int evaluations;

        <M> Optional<Fitted<M>> measure(Supplier<Optional<Fitted<M>>> search) {
            long started = System.nanoTime();
            Optional<Fitted<M>> fit = search.get();
            millis = (System.nanoTime() - started) / 1_000_000;
            evaluations = fit.map(Fitted::evaluations).orElse(0);
            return fit;
        }
    }

    // ---- BG/NBD ------------------------------------------------------------------------------

    private Optional<BgNbdModel> fitBgNbd(Engine engine, List<ModelFitRow> fitRows, FitEffort effort) {
        ResultTable triples = engine.query("SELECT frequency, recency_days, age_days, COUNT(*) AS customers"
                + " FROM customer_summary GROUP BY frequency, recency_days, age_days"
                + " ORDER BY frequency, recency_days, age_days");
        List<BgNbdModel.History> data = new ArrayList<>(triples.rows().size());
        long customers = 0;
        long repeatBuyers = 0;
        for (List<Object> row : triples.rows()) {
            long x = ((Number) row.get(0)).longValue();
            long n = ((Number) row.get(3)).longValue();
            data.add(new BgNbdModel.History(x, ((Number) row.get(1)).doubleValue() / settings.unitDays(),
                    ((Number) row.get(2)).doubleValue() / settings.unitDays(), n));
            customers += n;
            repeatBuyers += x > 0 ? n : 0;
        }
        String unfit = customers < 2 ? "too_few_customers" : repeatBuyers == 0 ? "no_repeat_buyers" : null;
        Optional<Fitted<BgNbdModel>> fit = Optional.empty();
        if (unfit == null) {
            fit = effort.measure(() -> BgNbdModel.fit(data)).filter(f -> usable(f.model()));
            log.info("predict bg_nbd: {} customers in {} distinct histories, maximum likelihood searched in {} ms",
                    customers, data.size(), effort.millis);
            if (fit.isEmpty()) {
                unfit = "no_interior_maximum";
            }
        }
        if (unfit != null) {
            log.warn("predict bg_nbd: not fitted ({}; {} customers, {} repeat buyers): purchases, p_alive and CLV"
                    + " stay null", unfit.replace('_', ' '), customers, repeatBuyers);
            fitRows.add(fitRow("bg_nbd", "not_fitted:" + unfit, null, customers, null, null));
            return Optional.empty();
        }
        BgNbdModel m = fit.get().model();
        double ll = fit.get().logLikelihood();
        log.info("predict bg_nbd: r={} alpha={} a={} b={} per {} (log-likelihood {})", m.r(), m.alpha(), m.a(), m.b(),
                settings.timeUnit(), ll);
        fitRows.add(fitRow("bg_nbd", "r", m.r(), customers, ll, null));
        fitRows.add(fitRow("bg_nbd", "alpha", m.alpha(), customers, ll, null));
        fitRows.add(fitRow("bg_nbd", "a", m.a(), customers, ll, null));
        fitRows.add(fitRow("bg_nbd", "b", m.b(), customers, ll, null));
        fitRows.add(fitRow("bg_nbd", "repeat_buyers", (double) repeatBuyers, customers, ll, null));
        return Optional.of(m);
    }

    /** a = 1 makes the conditional expectation 0/0. */
    private static boolean usable(BgNbdModel m) {
        return FastMath.abs(m.a() - 1) > 1e-9;
    }

    /**
     * Per distinct history: P(alive), purchases in 12 months, and the discounted monthly purchases of the CLV.
     * The hypergeometric part of each month's expectation depends on (x, T) only, so it is computed once per
     * distinct (x, T) and divided by each history's 1/P(alive) — the same arithmetic as
     * {@link BgNbdModel#conditionalExpectedPurchases}, on all cores, for far fewer pairs than histories.
     */
    private long writeBgNbdPredictions(Engine engine, Optional<BgNbdModel> model) {
        long started = System.nanoTime();
        Object[][] out = new Object[0][];
        if (model.isPresent()) {
            BgNbdModel m = model.get();
            ResultTable triples = engine.query("SELECT DISTINCT frequency, recency_days, age_days FROM customer_summary"
                    + " ORDER BY frequency, recency_days, age_days");
            int n = triples.rows().size();
            long[] xs = new long[n];
            int[] recencies = new int[n];
            int[] ages = new int[n];
            long[] pairOf = new long[n];
            for (int i = 0; i < n; i++) {
                List<Object> row = triples.rows().get(i);
                xs[i] = ((Number) row.get(0)).longValue();
                recencies[i] = ((Number) row.get(1)).intValue();
                ages[i] = ((Number) row.get(2)).intValue();
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
            Object[][] rows = new Object[n][];
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
                rows[j] = new Object[] {x, recencies[j], ages[j], finite ? pAlive : null, finite ? before : null,
                        finite ? discounted : null};
            });
            long undefined = Arrays.stream(rows).filter(r -> r[3] == null).count();
            if (undefined > 0) {
                log.warn("predict bg_nbd: {} of {} histories gave no finite prediction: left null", undefined, n);
            }
            log.info("predict bg_nbd: predictions for {} histories from {} distinct (x, T) in {} ms", n, pairs.length,
                    (System.nanoTime() - started) / 1_000_000);
            out = rows;
        }
        Path file = layout.workPredictTable(run.runDate(), "bg_nbd_predictions").resolve("part-0.parquet");
        ParquetRowWriter.write(file, "frequency BIGINT, recency_days INT, age_days INT, p_alive DOUBLE,"
                        + " predicted_purchases_12m DOUBLE, discounted_purchases_12m DOUBLE", "*", Arrays.asList(out));
        engine.registerParquet("bg_nbd_predictions", file.getParent());
        return out.length;
    }

    // ---- Gamma-Gamma -------------------------------------------------------------------------

    private Optional<GammaGammaModel> fitGammaGamma(Engine engine, List<ModelFitRow> fitRows, FitEffort effort) {
        ResultTable spends = engine.query("SELECT frequency, monetary_value, COUNT(*) AS customers FROM customer_summary"
                + " WHERE frequency > 0 AND monetary_value > 0 GROUP BY frequency, monetary_value"
                + " ORDER BY frequency, monetary_value");
        Object excludedDays = engine.query("SELECT SUM(nonpositive_days) FROM customer_summary").scalar();
        List<GammaGammaModel.Spend> data = new ArrayList<>();
        long buyers = 0;
        for (List<Object> row : spends.rows()) {
            long n = ((Number) row.get(2)).longValue();
            data.add(new GammaGammaModel.Spend(((Number) row.get(0)).longValue(), ((Number) row.get(1)).doubleValue(), n));
            buyers += n;
        }
        double excluded = excludedDays == null ? 0 : ((Number) excludedDays).doubleValue();
        String unfit = buyers < 2 ? "too_few_repeat_buyers" : null;
        Optional<Fitted<GammaGammaModel>> fit = Optional.empty();
        if (unfit == null) {
            fit = effort.measure(() -> GammaGammaModel.fit(data));
            log.info("predict gamma_gamma: {} repeat buyers in {} distinct (x, mean value) groups, maximum"
                    + " likelihood searched in {} ms", buyers, data.size(), effort.millis);
            if (fit.isEmpty()) {
                unfit = "no_interior_maximum";
            } else if (!(fit.get().model().q() > 1)) {
                unfit = "q_not_above_1"; // the population's mean spend p·v/(q−1) does not exist
            }
        }
        if (unfit != null) {
            log.warn("predict gamma_gamma: not fitted ({}; {} repeat buyers with positive spend): expected order"
                    + " value and CLV stay null", unfit.replace('_', ' '), buyers);
            fitRows.add(fitRow("gamma_gamma", "not_fitted:" + unfit, null, buyers, null, null));
            fitRows.add(fitRow("gamma_gamma", "excluded_nonpositive_days", excluded, buyers, null, null));
            return Optional.empty();
        }
        GammaGammaModel m = fit.get().model();
        double ll = fit.get().logLikelihood();
        log.info("predict gamma_gamma: p={} q={} v={} on {} repeat buyers (log-likelihood {})", m.p(), m.q(), m.gamma(),
                buyers, ll);
        fitRows.add(fitRow("gamma_gamma", "p", m.p(), buyers, ll, null));
        fitRows.add(fitRow("gamma_gamma", "q", m.q(), buyers, ll, null));
        fitRows.add(fitRow("gamma_gamma", "v", m.gamma(), buyers, ll, null));
        fitRows.add(fitRow("gamma_gamma", "excluded_nonpositive_days", excluded, buyers, ll, null));
        return Optional.of(m);
    }

    // ---- shifted-beta-geometric ----------------------------------------------------------------

    /** Fits each contract cohort and writes its period spine with the fitted curve; returns the spine's rows. */
    private long fitContractCohorts(Engine engine, List<ModelFitRow> sbgRows) {
        ResultTable lives = engine.query("SELECT cohort, periods_survived, churned, contracts, observed_periods"
                + " FROM contract_lifetimes ORDER BY cohort, periods_survived, churned");
        Map<String, List<ShiftedBetaGeometricModel.Life>> byCohort = new LinkedHashMap<>();
        Map<String, Long> observed = new LinkedHashMap<>();
        for (List<Object> row : lives.rows()) {
            String cohort = (String) row.get(0);
            byCohort.computeIfAbsent(cohort, c -> new ArrayList<>()).add(new ShiftedBetaGeometricModel.Life(
                    ((Number) row.get(1)).longValue(), (Boolean) row.get(2), ((Number) row.get(3)).longValue()));
            observed.put(cohort, ((Number) row.get(4)).longValue());
        }
        List<Object[]> periods = new ArrayList<>();
        for (Map.Entry<String, List<ShiftedBetaGeometricModel.Life>> e : byCohort.entrySet()) {
            String cohort = e.getKey();
            List<ShiftedBetaGeometricModel.Life> data = e.getValue();
            long contracts = data.stream().mapToLong(ShiftedBetaGeometricModel.Life::contracts).sum();
            long churned = data.stream().filter(ShiftedBetaGeometricModel.Life::churned)
                    .mapToLong(ShiftedBetaGeometricModel.Life::contracts).sum();
            boolean anyRenewal = data.stream().anyMatch(l -> l.periodsSurvived() > 0);
            String unfit = churned == 0 ? "no_churn_observed" : !anyRenewal ? "no_renewal_observed" : null;
            Optional<Fitted<ShiftedBetaGeometricModel>> fit = Optional.empty();
            if (unfit == null) {
                fit = ShiftedBetaGeometricModel.fit(data);
                if (fit.isEmpty()) {
                    unfit = "no_interior_maximum";
                }
            }
            ShiftedBetaGeometricModel m = fit.map(Fitted::model).orElse(null);
            if (m == null) {
                log.info("predict sbg: cohort {} not fitted ({}; {} contracts, {} churned): fitted curve null", cohort,
                        unfit.replace('_', ' '), contracts, churned);
                sbgRows.add(sbgRow("not_fitted:" + unfit, null, contracts, null, cohort));
            } else {
                double ll = fit.get().logLikelihood();
                sbgRows.add(sbgRow("alpha", m.alpha(), contracts, ll, cohort));
                sbgRows.add(sbgRow("beta", m.beta(), contracts, ll, cohort));
            }
            for (long t = 0; t <= observed.get(cohort); t++) {
                periods.add(new Object[] {cohort, t, m == null ? null : m.alpha(), m == null ? null : m.beta(),
                        m == null ? null : m.survival(t), m == null || t == 0 ? null : m.retention(t)});
            }
        }
        log.info("predict sbg: {} contract cohorts", byCohort.size());
        Path file = layout.workPredictTable(run.runDate(), "contract_periods").resolve("part-0.parquet");
        ParquetRowWriter.write(file, "cohort VARCHAR, period BIGINT, sbg_alpha DOUBLE, sbg_beta DOUBLE,"
                + " fitted_survival DOUBLE, fitted_retention DOUBLE", "*", periods);
        return periods.size();
    }

    // ---- model_fit -------------------------------------------------------------------------------

    private ModelFitRow fitRow(String model, String parameter, Double value, long n, Double logLikelihood,
                               String cohort) {
        return new ModelFitRow(model, parameter, value, settings.timeUnit(), n, logLikelihood, cohort, null);
    }

    /** sBG periods are months from the contract's start, whatever the BG/NBD time unit. */
    private static ModelFitRow sbgRow(String parameter, Double value, long n, Double logLikelihood, String cohort) {
        return new ModelFitRow("sbg", parameter, value, "month", n, logLikelihood, cohort, null);
    }

    private void writeModelFit(String file, List<ModelFitRow> rows) {
        ModelFitWriter.write(layout.workModelFit(run.runDate()).resolve(file), run.runDate(), rows);
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
