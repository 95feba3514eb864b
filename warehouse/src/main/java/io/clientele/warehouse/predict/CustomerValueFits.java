package io.clientele.warehouse.predict;

import io.clientele.warehouse.predict.CustomerSummaryReader.HistoryCount;
import io.clientele.warehouse.predict.CustomerSummaryReader.SpendSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.hipparchus.util.FastMath;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The customer-value fits over the summaries, pure functions of their input (no engine, no files):
 * BG/NBD on the purchase histories and Gamma-Gamma on the repeat spends, each with its model_fit
 * rows, or the reason it was not fitted. The log lines are the predict step's (its logger).
 */
final class CustomerValueFits {

    private static final Logger log = LoggerFactory.getLogger(PredictiveModels.class);

    private CustomerValueFits() {}

    /** Wall time and likelihood evaluations of one maximum-likelihood search (0 when there was none). */
    record FitEffort(long millis, int evaluations) {

        static final FitEffort NONE = new FitEffort(0, 0);
    }

    /**
     * A model fitted or not.
     *
     * @param model  the fitted model, empty when not fitted (its predictions then stay null)
     * @param rows   its model_fit rows: the parameters, or {@code not_fitted:<reason>}
     * @param effort the search's cost
     */
    record Outcome<M>(Optional<M> model, List<ModelFitRow> rows, FitEffort effort) {}

    /** A search, timed. */
    private record Measured<M>(Optional<Fitted<M>> fit, FitEffort effort) {

        static <M> Measured<M> of(Supplier<Optional<Fitted<M>>> search) {
            long started = System.nanoTime();
            Optional<Fitted<M>> fit = search.get();
            long millis = (System.nanoTime() - started) / 1_000_000;
            return new Measured<>(
                    fit, new FitEffort(millis, fit.map(Fitted::evaluations).orElse(0)));
        }
    }

    /** BG/NBD over the histories (t_x and T in the settings' time unit). */
    static Outcome<BgNbdModel> fitBgNbd(List<HistoryCount> histories, ModelSettings settings) {
        return fitBgNbd(histories, settings, "bg_nbd", "purchases, p_alive and CLV stay null");
    }

    /**
     * The same under another model name (its model_fit rows and log lines), saying {@code ifNotFitted}
     * in the warning when it cannot be fitted: the forecast's backtest fits it on older histories.
     */
    static Outcome<BgNbdModel> fitBgNbd(
            List<HistoryCount> histories, ModelSettings settings, String model, String ifNotFitted) {
        List<BgNbdModel.History> data = new ArrayList<>(histories.size());
        long customers = 0;
        long repeatBuyers = 0;
        for (HistoryCount h : histories) {
            data.add(new BgNbdModel.History(
                    h.frequency(),
                    h.recencyDays() / settings.unitDays(),
                    h.ageDays() / settings.unitDays(),
                    h.customers()));
            customers += h.customers();
            repeatBuyers += h.frequency() > 0 ? h.customers() : 0;
        }
        List<ModelFitRow> rows = new ArrayList<>();
        String unfit = customers < 2 ? "too_few_customers" : repeatBuyers == 0 ? "no_repeat_buyers" : null;
        Measured<BgNbdModel> searched = new Measured<>(Optional.empty(), FitEffort.NONE);
        Optional<Fitted<BgNbdModel>> fit = Optional.empty();
        if (unfit == null) {
            searched = Measured.of(() -> BgNbdModel.fit(data));
            fit = searched.fit().filter(f -> usable(f.model()));
            log.info(
                    "predict {}: {} customers in {} distinct histories, maximum likelihood searched in {} ms",
                    model,
                    customers,
                    data.size(),
                    searched.effort().millis());
            if (fit.isEmpty()) {
                unfit = "no_interior_maximum";
            }
        }
        if (unfit != null) {
            log.warn(
                    "predict {}: not fitted ({}; {} customers, {} repeat buyers): {}",
                    model,
                    unfit.replace('_', ' '),
                    customers,
                    repeatBuyers,
                    ifNotFitted);
            rows.add(row(settings, model, "not_fitted:" + unfit, null, customers, null));
            return new Outcome<>(Optional.empty(), rows, searched.effort());
        }
        BgNbdModel m = fit.get().model();
        double ll = fit.get().logLikelihood();
        log.info(
                "predict {}: r={} alpha={} a={} b={} per {} (log-likelihood {})",
                model,
                m.r(),
                m.alpha(),
                m.a(),
                m.b(),
                settings.timeUnit(),
                ll);
        rows.add(row(settings, model, "r", m.r(), customers, ll));
        rows.add(row(settings, model, "alpha", m.alpha(), customers, ll));
        rows.add(row(settings, model, "a", m.a(), customers, ll));
        rows.add(row(settings, model, "b", m.b(), customers, ll));
        rows.add(row(settings, model, "repeat_buyers", (double) repeatBuyers, customers, ll));
        return new Outcome<>(Optional.of(m), rows, searched.effort());
    }

    /** a = 1 makes the conditional expectation 0/0. */
    private static boolean usable(BgNbdModel m) {
        return FastMath.abs(m.a() - 1) > 1e-9;
    }

    /** Gamma-Gamma over the repeat buyers' mean spends. */
    static Outcome<GammaGammaModel> fitGammaGamma(SpendSummary summary, ModelSettings settings) {
        return fitGammaGamma(summary, settings, "gamma_gamma", "expected order value and CLV stay null");
    }

    /** The same under another model name, as {@link #fitBgNbd(List, ModelSettings, String, String)}. */
    static Outcome<GammaGammaModel> fitGammaGamma(
            SpendSummary summary, ModelSettings settings, String model, String ifNotFitted) {
        List<GammaGammaModel.Spend> data = summary.spends();
        long buyers = data.stream().mapToLong(GammaGammaModel.Spend::customers).sum();
        double excluded = summary.excludedNonpositiveDays();
        List<ModelFitRow> rows = new ArrayList<>();
        String unfit = buyers < 2 ? "too_few_repeat_buyers" : null;
        Measured<GammaGammaModel> searched = new Measured<>(Optional.empty(), FitEffort.NONE);
        if (unfit == null) {
            searched = Measured.of(() -> GammaGammaModel.fit(data));
            log.info(
                    "predict {}: {} repeat buyers in {} distinct (x, mean value) groups, maximum"
                            + " likelihood searched in {} ms",
                    model,
                    buyers,
                    data.size(),
                    searched.effort().millis());
            if (searched.fit().isEmpty()) {
                unfit = "no_interior_maximum";
            } else if (!(searched.fit().get().model().q() > 1)) {
                unfit = "q_not_above_1"; // the population's mean spend p·v/(q−1) does not exist
            }
        }
        if (unfit != null) {
            log.warn(
                    "predict {}: not fitted ({}; {} repeat buyers with positive spend): {}",
                    model,
                    unfit.replace('_', ' '),
                    buyers,
                    ifNotFitted);
            rows.add(row(settings, model, "not_fitted:" + unfit, null, buyers, null));
            rows.add(row(settings, model, "excluded_nonpositive_days", excluded, buyers, null));
            return new Outcome<>(Optional.empty(), rows, searched.effort());
        }
        GammaGammaModel m = searched.fit().get().model();
        double ll = searched.fit().get().logLikelihood();
        log.info(
                "predict {}: p={} q={} v={} on {} repeat buyers (log-likelihood {})",
                model,
                m.p(),
                m.q(),
                m.gamma(),
                buyers,
                ll);
        rows.add(row(settings, model, "p", m.p(), buyers, ll));
        rows.add(row(settings, model, "q", m.q(), buyers, ll));
        rows.add(row(settings, model, "v", m.gamma(), buyers, ll));
        rows.add(row(settings, model, "excluded_nonpositive_days", excluded, buyers, ll));
        return new Outcome<>(Optional.of(m), rows, searched.effort());
    }

    private static ModelFitRow row(
            ModelSettings settings, String model, String parameter, Double value, long n, Double logLikelihood) {
        return new ModelFitRow(model, parameter, value, settings.timeUnit(), n, logLikelihood, null, null);
    }
}
