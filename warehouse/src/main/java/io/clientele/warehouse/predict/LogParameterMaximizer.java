package io.clientele.warehouse.predict;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.hipparchus.optim.nonlinear.scalar.noderiv.SimplexOptimizer;
import org.hipparchus.util.FastMath;

/**
 * Maximum likelihood for models whose parameters are all positive: Hipparchus' Nelder–Mead
 * simplex searches the logarithms of the parameters (so no bound is needed), restarted from
 * its own answer until a restart no longer improves the likelihood — a single simplex run
 * often stops early on these flat, curved likelihoods.
 */
final class LogParameterMaximizer {

    private static final int MAX_EVALUATIONS = 20_000;
    private static final int MAX_RESTARTS = 10;

    private LogParameterMaximizer() {
    }

    /** The maximum found: the parameters (not their logs) and the log-likelihood there. */
    record Maximum(double[] parameters, double logLikelihood) {
    }

    /**
     * @param logLikelihood of the parameters (positive); may return NaN or −∞ where undefined
     * @param start         a starting point (positive parameters)
     * @return empty when no finite maximum with finite parameters was found
     */
    static Optional<Maximum> maximize(ToDoubleFunction<double[]> logLikelihood, double[] start) {
        ObjectiveFunction objective = new ObjectiveFunction(logs -> {
            double[] p = new double[logs.length];
            for (int i = 0; i < logs.length; i++) {
                p[i] = FastMath.exp(logs[i]);
            }
            double ll = logLikelihood.applyAsDouble(p);
            // the simplex must be able to compare: an undefined point is simply very bad
            return Double.isFinite(ll) ? ll : -1e300;
        });
        double[] point = Arrays.stream(start).map(FastMath::log).toArray();
        double best = Double.NEGATIVE_INFINITY;
        try {
            for (int restart = 0; restart < MAX_RESTARTS; restart++) {
                SimplexOptimizer optimizer = new SimplexOptimizer(1e-12, 1e-12);
                PointValuePair found = optimizer.optimize(new MaxEval(MAX_EVALUATIONS), objective, GoalType.MAXIMIZE,
                        new InitialGuess(point), new NelderMeadSimplex(point.length, 0.5));
                boolean improved = found.getValue() > best + 1e-9 * FastMath.max(1, FastMath.abs(best));
                point = found.getPoint();
                best = FastMath.max(best, found.getValue());
                if (!improved) {
                    break;
                }
            }
        } catch (MathIllegalStateException e) {
            return Optional.empty(); // too many evaluations: no convergence
        }
        double[] parameters = Arrays.stream(point).map(FastMath::exp).toArray();
        boolean finite = Arrays.stream(parameters).allMatch(p -> Double.isFinite(p) && p > 0 && p < 1e12);
        if (!finite || best <= -1e299 || !Double.isFinite(best)) {
            return Optional.empty();
        }
        return Optional.of(new Maximum(parameters, best));
    }
}
