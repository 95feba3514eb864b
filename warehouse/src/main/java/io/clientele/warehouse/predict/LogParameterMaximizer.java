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
 * Maximum likelihood for models whose parameters are all positive, searched over the
 * logarithms of the parameters (so no bound is needed). Two searches:
 * <ul>
 * <li>Hipparchus' Nelder–Mead simplex on the likelihood alone, restarted from its own answer
 *     until a restart no longer improves the likelihood — a single simplex run often stops
 *     early on these flat, curved likelihoods. Hundreds to thousands of evaluations.</li>
 * <li>BFGS (quasi-Newton) with a backtracking line search when the gradient is known: a few
 *     dozen evaluations, which is what a million-customer fit can afford. It converges to
 *     the same maximum (to the last digits of the log-likelihood); should it not converge,
 *     the simplex takes over from where it stopped.</li>
 * </ul>
 */
final class LogParameterMaximizer {

    private static final int MAX_EVALUATIONS = 20_000;
    private static final int MAX_RESTARTS = 10;

    private LogParameterMaximizer() {}

    /** Gradient steps before BFGS gives up and hands over to the simplex. */
    private static final int MAX_ITERATIONS = 500;
    /** No single step moves a log-parameter further than this (a factor e³), so a first step cannot overflow. */
    private static final double MAX_LOG_STEP = 3;

    private static final int MAX_HALVINGS = 40;

    /**
     * The maximum found: the parameters (not their logs), the log-likelihood there, and the
     * number of likelihood evaluations (with the gradient, for BFGS) the search took.
     */
    record Maximum(double[] parameters, double logLikelihood, int evaluations) {}

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
        return simplex(logLikelihood, Arrays.stream(start).map(FastMath::log).toArray(), upper, 0);
    }

    /**
     * BFGS on the logarithms of the parameters, with the same answer contract as
     * {@link #maximize(ToDoubleFunction, double[], double[])}.
     */
    static Optional<Maximum> maximize(DifferentiableLogLikelihood logLikelihood, double[] start, double[] upper) {
        int n = start.length;
        int[] evaluations = {0};
        // minimise f(u) = −ln L(e^u); its gradient is −θ ∂ ln L/∂θ
        double[] u = Arrays.stream(start).map(FastMath::log).toArray();
        double[] g = new double[n];
        double f = negated(logLikelihood, u, g, evaluations);
        if (!Double.isFinite(f)) {
            return simplex(p -> logLikelihood.value(p, new double[n]), u, upper, evaluations[0]);
        }
        double[][] h = null; // the inverse Hessian; null: not known yet (a steepest-descent step, scaled)
        boolean converged = false;
        double[] uNew = new double[n];
        double[] gNew = new double[n];
        for (int iteration = 0; iteration < MAX_ITERATIONS && !converged; iteration++) {
            double[] d = new double[n];
            if (h == null) {
                double norm = 0;
                for (int i = 0; i < n; i++) {
                    norm = FastMath.max(norm, FastMath.abs(g[i]));
                }
                if (norm == 0) {
                    converged = true;
                    break;
                }
                for (int i = 0; i < n; i++) {
                    d[i] = -g[i] / norm; // at most 1 in each log-parameter
                }
            } else {
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        d[i] -= h[i][j] * g[j];
                    }
                }
            }
            double slope = dot(g, d);
            if (!(slope < 0)) { // not a descent direction: start the curvature estimate again
                h = null;
                continue;
            }
            if (h != null && -slope <= 1e-14 * FastMath.max(1, FastMath.abs(f)) && flat(g, f)) {
                // the quasi-Newton step would gain (about −slope/2) less than ln L's last digits: a
                // line search could only halve its way through rounding noise
                converged = true;
                break;
            }
            double longest = Arrays.stream(d).map(FastMath::abs).max().orElse(0);
            double step = FastMath.min(1, MAX_LOG_STEP / longest);
            boolean accepted = false;
            double fNew = Double.NaN;
            for (int halving = 0; halving < MAX_HALVINGS; halving++) {
                for (int i = 0; i < n; i++) {
                    uNew[i] = u[i] + step * d[i];
                }
                fNew = negated(logLikelihood, uNew, gNew, evaluations);
                if (fNew <= f + 1e-4 * step * slope) { // Armijo: enough decrease (false for NaN)
                    accepted = true;
                    break;
                }
                step /= 2;
            }
            if (!accepted) {
                // no step improves on this point to double precision: a maximum, unless the
                // curvature estimate was at fault, so retry once along the gradient itself
                if (h == null) {
                    converged = flat(g, f);
                    break;
                }
                h = null;
                continue;
            }
            double[] s = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                s[i] = uNew[i] - u[i];
                y[i] = gNew[i] - g[i];
            }
            double sy = dot(s, y);
            if (sy > 1e-12 * FastMath.sqrt(dot(s, s) * dot(y, y))) {
                if (h == null) {
                    h = new double[n][n];
                    for (int i = 0; i < n; i++) {
                        h[i][i] = sy / dot(y, y); // Nocedal & Wright (6.20): the first Hessian's scale
                    }
                }
                h = bfgsUpdate(h, s, y, sy);
            }
            double decrease = f - fNew;
            System.arraycopy(uNew, 0, u, 0, n);
            System.arraycopy(gNew, 0, g, 0, n);
            f = fNew;
            // converged when the last step changed ln L by no more than its last digits
            converged = decrease <= 1e-15 * FastMath.max(1, FastMath.abs(f)) && h != null && flat(g, f);
        }
        if (!converged) {
            return simplex(p -> logLikelihood.value(p, new double[n]), u, upper, evaluations[0]);
        }
        return answer(u, -f, upper, evaluations[0]);
    }

    /**
     * The gradient (per log-parameter) is small against ln L: a maximum rather than a step cut
     * short. Loose on purpose: at a true maximum it is rounding noise, many orders smaller.
     */
    private static boolean flat(double[] g, double f) {
        double limit = 1e-6 * FastMath.max(1, FastMath.abs(f));
        return Arrays.stream(g).allMatch(v -> FastMath.abs(v) <= limit);
    }

    private static double negated(
            DifferentiableLogLikelihood logLikelihood, double[] u, double[] gradient, int[] evaluations) {
        evaluations[0]++;
        double[] p = new double[u.length];
        for (int i = 0; i < u.length; i++) {
            p[i] = FastMath.exp(u[i]);
        }
        double ll = logLikelihood.value(p, gradient);
        if (!Double.isFinite(ll)) {
            return Double.POSITIVE_INFINITY;
        }
        for (int i = 0; i < u.length; i++) {
            gradient[i] = -p[i] * gradient[i];
            if (!Double.isFinite(gradient[i])) {
                return Double.POSITIVE_INFINITY;
            }
        }
        return -ll;
    }

    /** H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ with ρ = 1 / sᵀy (Nocedal &amp; Wright 6.17). */
    private static double[][] bfgsUpdate(double[][] h, double[] s, double[] y, double sy) {
        int n = s.length;
        double rho = 1 / sy;
        double[] hy = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                hy[i] += h[i][j] * y[j];
            }
        }
        double yhy = dot(y, hy);
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                out[i][j] = h[i][j] - rho * (hy[i] * s[j] + s[i] * hy[j]) + (rho * rho * yhy + rho) * s[i] * s[j];
            }
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static Optional<Maximum> simplex(
            ToDoubleFunction<double[]> logLikelihood, double[] startLogs, double[] upper, int evaluationsBefore) {
        int[] evaluations = {evaluationsBefore};
        ObjectiveFunction objective = new ObjectiveFunction(logs -> {
            evaluations[0]++;
            double[] p = new double[logs.length];
            for (int i = 0; i < logs.length; i++) {
                p[i] = FastMath.exp(logs[i]);
            }
            double ll = logLikelihood.applyAsDouble(p);
            // the simplex must be able to compare: an undefined point is simply very bad
            return Double.isFinite(ll) ? ll : -1e300;
        });
        double[] point = startLogs;
        double best = Double.NEGATIVE_INFINITY;
        try {
            for (int restart = 0; restart < MAX_RESTARTS; restart++) {
                SimplexOptimizer optimizer = new SimplexOptimizer(1e-12, 1e-12);
                PointValuePair found = optimizer.optimize(
                        new MaxEval(MAX_EVALUATIONS),
                        objective,
                        GoalType.MAXIMIZE,
                        new InitialGuess(point),
                        new NelderMeadSimplex(point.length, 0.5));
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
        return answer(point, best, upper, evaluations[0]);
    }

    private static Optional<Maximum> answer(double[] point, double best, double[] upper, int evaluations) {
        double[] parameters = Arrays.stream(point).map(FastMath::exp).toArray();
        boolean interior = true;
        for (int i = 0; i < parameters.length; i++) {
            interior &= Double.isFinite(parameters[i]) && parameters[i] >= 1e-6 && parameters[i] <= upper[i];
        }
        if (!interior || best <= -1e299 || !Double.isFinite(best)) {
            return Optional.empty();
        }
        return Optional.of(new Maximum(parameters, best, evaluations));
    }
}
