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
     * @param upper         per parameter, the largest value still taken for a real maximum
     * @return empty when no finite maximum was found, or when it lies on the edge of the parameter
     *         space (a parameter below 1e-6 or above its upper bound): the likelihood still rises
     *         towards a limit there, so the data do not identify the model and the value the
     *         optimizer stopped at is arbitrary
     */
    static Optional<Maximum> maximize(ToDoubleFunction<double[]> logLikelihood, double[] start, double[] upper) {
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
        boolean interior = true;
        for (int i = 0; i < parameters.length; i++) {
            interior &= Double.isFinite(parameters[i]) && parameters[i] >= 1e-6 && parameters[i] <= upper[i];
        }
        if (!interior || best <= -1e299 || !Double.isFinite(best)) {
            return Optional.empty();
        }
        return Optional.of(new Maximum(parameters, best));
    }
}
