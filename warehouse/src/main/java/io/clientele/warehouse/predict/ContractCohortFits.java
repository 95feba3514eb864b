package io.clientele.warehouse.predict;

import io.clientele.warehouse.predict.CustomerSummaryReader.CohortLives;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shifted-beta-geometric fit of each contract cohort, a pure function of the cohorts' lives:
 * its model_fit rows and its period spine with the fitted survival and retention (null when the
 * cohort cannot be fitted).
 */
final class ContractCohortFits {

    private static final Logger log = LoggerFactory.getLogger(PredictiveModels.class);

    private ContractCohortFits() {}

    /** One row of contract_periods: a cohort's period from 0 to its observed periods, with the fitted curve. */
    record Period(
            String cohort, long period, Double alpha, Double beta, Double fittedSurvival, Double fittedRetention) {}

    /** The fits of every cohort: model_fit rows (sBG) and the period spine. */
    record Fits(List<ModelFitRow> rows, List<Period> periods) {}

    static Fits fit(List<CohortLives> cohorts) {
        List<ModelFitRow> rows = new ArrayList<>();
        List<Period> periods = new ArrayList<>();
        for (CohortLives c : cohorts) {
            String cohort = c.cohort();
            List<ShiftedBetaGeometricModel.Life> data = c.lives();
            long contracts = data.stream()
                    .mapToLong(ShiftedBetaGeometricModel.Life::contracts)
                    .sum();
            long churned = data.stream()
                    .filter(ShiftedBetaGeometricModel.Life::churned)
                    .mapToLong(ShiftedBetaGeometricModel.Life::contracts)
                    .sum();
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
                log.info(
                        "predict sbg: cohort {} not fitted ({}; {} contracts, {} churned): fitted curve null",
                        cohort,
                        unfit.replace('_', ' '),
                        contracts,
                        churned);
                rows.add(row("not_fitted:" + unfit, null, contracts, null, cohort));
            } else {
                double ll = fit.get().logLikelihood();
                rows.add(row("alpha", m.alpha(), contracts, ll, cohort));
                rows.add(row("beta", m.beta(), contracts, ll, cohort));
            }
            for (long t = 0; t <= c.observedPeriods(); t++) {
                periods.add(new Period(
                        cohort,
                        t,
                        m == null ? null : m.alpha(),
                        m == null ? null : m.beta(),
                        m == null ? null : m.survival(t),
                        m == null || t == 0 ? null : m.retention(t)));
            }
        }
        log.info("predict sbg: {} contract cohorts", cohorts.size());
        return new Fits(rows, periods);
    }

    /** sBG periods are months from the contract's start, whatever the BG/NBD time unit. */
    private static ModelFitRow row(String parameter, Double value, long n, Double logLikelihood, String cohort) {
        return new ModelFitRow("sbg", parameter, value, "month", n, logLikelihood, cohort, null);
    }
}
