package io.clientele.warehouse.predict;

import java.util.Arrays;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.RealVector;
import org.hipparchus.util.FastMath;

/**
 * A logistic regression with an intercept and a ridge penalty on the standardized coefficients,
 * fitted in-process by Newton's method: minimises
 * <pre>
 *   (1/n) Σ_i [ log(1 + e^η_i) − y_i η_i ]  +  (λ/2) Σ_j (σ_j β_j)²,     η_i = β_0 + Σ_j β_j x_ij
 * </pre>
 * where σ_j is feature j's sample standard deviation (n − 1). This is the objective of Spark
 * MLlib's {@code LogisticRegression} with {@code regParam} λ, no elastic net and its default
 * standardization, so both find the same coefficients; a feature that does not vary gets 0, as in
 * MLlib. The objective is strictly convex, so Newton's steps (halved while they do not lower it)
 * reach its one minimum to machine precision in a handful of iterations.
 */
final class RidgeLogisticRegression {

    /** Newton iterations before giving up; convergence takes well under twenty. */
    static final int MAX_ITERATIONS = 100;

    private static final double GRADIENT_TOLERANCE = 1e-12;
    private static final int MAX_HALVINGS = 60;

    /**
     * The fitted model.
     *
     * @param intercept    β_0
     * @param coefficients β_1 … β_p, in the features' order
     * @param iterations   Newton steps taken
     */
    record Model(double intercept, double[] coefficients, int iterations) {

        /** The linear predictor η of one row. */
        double margin(double[] row, int offset) {
            double eta = intercept;
            for (int j = 0; j < coefficients.length; j++) {
                eta += coefficients[j] * row[offset + j];
            }
            return eta;
        }

        /** P(y = 1) of one row. */
        double probability(double[] row, int offset) {
            return 1.0 / (1.0 + FastMath.exp(-margin(row, offset)));
        }
    }

    private RidgeLogisticRegression() {}

    /**
     * @param rows   n rows of p features, row-major: row i is {@code rows[i*p … i*p+p-1]}
     * @param labels the n labels, 0 or 1
     * @param p      features per row
     * @param lambda the penalty λ (0: plain maximum likelihood, which must then exist)
     */
    static Model fit(double[] rows, double[] labels, int p, double lambda) {
        int n = labels.length;
        if (n < 2) {
            throw new IllegalArgumentException("a logistic regression needs at least two rows, got " + n);
        }
        // centre and scale: the penalty is on the standardized coefficients, and Newton's
        // system is well conditioned there whatever the features' units (days, money, flags)
        double[] mean = new double[p];
        double[] sd = new double[p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                mean[j] += rows[i * p + j];
            }
        }
        for (int j = 0; j < p; j++) {
            mean[j] /= n;
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                double d = rows[i * p + j] - mean[j];
                sd[j] += d * d;
            }
        }
        int[] varying = new int[p];
        int k = 0;
        for (int j = 0; j < p; j++) {
            sd[j] = FastMath.sqrt(sd[j] / (n - 1));
            if (sd[j] > 0) {
                varying[k++] = j;
            }
        }
        int m = k + 1; // the intercept, then the varying features
        double[] z = new double[n * m];
        for (int i = 0; i < n; i++) {
            z[i * m] = 1;
            for (int c = 0; c < k; c++) {
                int j = varying[c];
                z[i * m + c + 1] = (rows[i * p + j] - mean[j]) / sd[j];
            }
        }

        double[] theta = new double[m];
        double objective = objective(z, labels, m, theta, lambda);
        int iterations = 0;
        double[] gradient = new double[m];
        double[][] hessian = new double[m][m];
        while (iterations < MAX_ITERATIONS) {
            derivatives(z, labels, m, theta, lambda, gradient, hessian);
            double largest = 0;
            for (double g : gradient) {
                largest = FastMath.max(largest, FastMath.abs(g));
            }
            if (largest < GRADIENT_TOLERANCE) {
                break;
            }
            RealVector step = new CholeskyDecomposition(new Array2DRowRealMatrix(hessian, false), 1e-300, 1e-300)
                    .getSolver()
                    .solve(new ArrayRealVector(gradient, false));
            double scale = 1;
            double[] next = new double[m];
            double nextObjective = Double.NaN;
            for (int halving = 0; halving <= MAX_HALVINGS; halving++) {
                for (int c = 0; c < m; c++) {
                    next[c] = theta[c] - scale * step.getEntry(c);
                }
                nextObjective = objective(z, labels, m, next, lambda);
                if (nextObjective <= objective) {
                    break;
                }
                scale /= 2;
            }
            iterations++;
            if (!(nextObjective <= objective)) {
                break; // no step lowers it any more: the minimum to the last digit
            }
            boolean moved = !Arrays.equals(next, theta);
            System.arraycopy(next, 0, theta, 0, m);
            objective = nextObjective;
            if (!moved) {
                break;
            }
        }

        double[] beta = new double[p];
        double intercept = theta[0];
        for (int c = 0; c < k; c++) {
            int j = varying[c];
            beta[j] = theta[c + 1] / sd[j];
            intercept -= beta[j] * mean[j];
        }
        return new Model(intercept, beta, iterations);
    }

    private static double objective(double[] z, double[] y, int m, double[] theta, double lambda) {
        int n = y.length;
        double loss = 0;
        for (int i = 0; i < n; i++) {
            double eta = 0;
            for (int c = 0; c < m; c++) {
                eta += theta[c] * z[i * m + c];
            }
            loss += softplus(eta) - y[i] * eta;
        }
        double penalty = 0;
        for (int c = 1; c < m; c++) {
            penalty += theta[c] * theta[c];
        }
        return loss / n + lambda / 2 * penalty;
    }

    private static void derivatives(
            double[] z, double[] y, int m, double[] theta, double lambda, double[] gradient, double[][] hessian) {
        int n = y.length;
        Arrays.fill(gradient, 0);
        for (double[] row : hessian) {
            Arrays.fill(row, 0);
        }
        for (int i = 0; i < n; i++) {
            int o = i * m;
            double eta = 0;
            for (int c = 0; c < m; c++) {
                eta += theta[c] * z[o + c];
            }
            double prob = 1.0 / (1.0 + FastMath.exp(-eta));
            double residual = prob - y[i];
            double weight = prob * (1 - prob);
            for (int a = 0; a < m; a++) {
                double za = z[o + a];
                gradient[a] += residual * za;
                double wa = weight * za;
                double[] h = hessian[a];
                for (int b = a; b < m; b++) {
                    h[b] += wa * z[o + b];
                }
            }
        }
        for (int a = 0; a < m; a++) {
            gradient[a] /= n;
            for (int b = a; b < m; b++) {
                hessian[a][b] /= n;
                hessian[b][a] = hessian[a][b];
            }
            if (a > 0) {
                gradient[a] += lambda * theta[a];
                hessian[a][a] += lambda;
            }
        }
    }

    /** log(1 + e^x) without overflow. */
    private static double softplus(double x) {
        return x > 0 ? x + FastMath.log1p(FastMath.exp(-x)) : FastMath.log1p(FastMath.exp(x));
    }
}
