package io.clientele.warehouse.predict;

import java.util.List;
import java.util.Optional;
import org.hipparchus.special.Beta;
import org.hipparchus.util.FastMath;

/**
 * The shifted-beta-geometric model of Fader &amp; Hardie (2007), "How to project customer
 * retention": at the end of each period a contract customer leaves with their own
 * probability θ, constant over time, and θ ~ Beta(α, β) across customers. The cohort's
 * retention rises with time because the likely leavers go first.
 *
 * @param alpha first shape of the churn-probability beta
 * @param beta  second shape
 */
public record ShiftedBetaGeometricModel(double alpha, double beta) {

    /**
     * Contracts with the same observed life.
     *
     * @param periodsSurvived renewals seen: the contract was still running after this many periods
     * @param churned         true when it ended in the next period, false when it is still running (censored)
     * @param contracts       how many contracts
     */
    public record Life(long periodsSurvived, boolean churned, long contracts) {}

    public static Optional<Fitted<ShiftedBetaGeometricModel>> fit(List<Life> data) {
        return LogParameterMaximizer.maximize(
                        v -> logLikelihood(new ShiftedBetaGeometricModel(v[0], v[1]), data),
                        new double[] {1, 1},
                        new double[] {1e5, 1e5})
                .map(m -> new Fitted<>(
                        new ShiftedBetaGeometricModel(m.parameters()[0], m.parameters()[1]),
                        m.logLikelihood(),
                        m.evaluations()));
    }

    /**
     * Lives from the paper's form of the data, a survival curve: percentages alive at the
     * start of periods 0, 1, …, n of a cohort of {@code cohortSize}.
     */
    public static List<Life> fromSurvivalCurve(double[] percentAlive, long cohortSize) {
        java.util.ArrayList<Life> lives = new java.util.ArrayList<>();
        long[] alive = new long[percentAlive.length];
        for (int t = 0; t < alive.length; t++) {
            alive[t] = FastMath.round(percentAlive[t] / 100 * cohortSize);
        }
        for (int t = 1; t < alive.length; t++) {
            lives.add(new Life(t - 1, true, alive[t - 1] - alive[t]));
        }
        lives.add(new Life(alive.length - 1, false, alive[alive.length - 1]));
        return lives;
    }

    /** Σ contracts × (ln P(T = s + 1) for a churn after s periods, ln S(s) for one still running). */
    public static double logLikelihood(ShiftedBetaGeometricModel m, List<Life> data) {
        double lbAB = Beta.logBeta(m.alpha, m.beta);
        double sum = 0;
        for (Life l : data) {
            double ll = l.churned
                    ? Beta.logBeta(m.alpha + 1, m.beta + l.periodsSurvived) - lbAB
                    : Beta.logBeta(m.alpha, m.beta + l.periodsSurvived) - lbAB;
            sum += l.contracts * ll;
        }
        return sum;
    }

    /** S(t), the share of the cohort still there after t periods: B(α, β + t) / B(α, β). */
    public double survival(long t) {
        return FastMath.exp(Beta.logBeta(alpha, beta + t) - Beta.logBeta(alpha, beta));
    }

    /** r(t) = S(t) / S(t − 1) = (β + t − 1) / (α + β + t − 1), for t ≥ 1. */
    public double retention(long t) {
        if (t < 1) {
            throw new IllegalArgumentException("retention is defined from period 1, got " + t);
        }
        return (beta + t - 1) / (alpha + beta + t - 1);
    }
}
