package io.clientele.warehouse.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

/** The in-process fit against answers worked out by hand and against its optimality conditions. */
class RidgeLogisticRegressionTest {

    /**
     * One binary feature, no penalty: the maximum-likelihood fit reproduces each group's share, so
     * β₀ = logit(1/4) = −ln 3 (x = 0: 1 of 4 positive) and β₀ + β₁ = logit(3/4) = ln 3 (x = 1:
     * 3 of 4), i.e. β₁ = 2 ln 3.
     */
    @Test
    void withoutAPenaltyItGivesTheLogOddsOfEachGroup() {
        double[] x = {0, 0, 0, 0, 1, 1, 1, 1};
        double[] y = {1, 0, 0, 0, 1, 1, 1, 0};
        RidgeLogisticRegression.Model m = RidgeLogisticRegression.fit(x, y, 1, 0);
        assertThat(m.intercept()).isCloseTo(-Math.log(3), offset(1e-12));
        assertThat(m.coefficients()[0]).isCloseTo(2 * Math.log(3), offset(1e-12));
    }

    /**
     * With λ = 0.5 the fit is where the penalised objective's gradient vanishes, worked out here
     * from its definition: (1/n) Σ (pᵢ − yᵢ) = 0 for the intercept and
     * (1/n) Σ (pᵢ − yᵢ) xᵢⱼ + λ σⱼ² βⱼ = 0 for each feature, σⱼ² the sample variance (n − 1).
     * And the penalty shrinks: |β₁| is below the unpenalised 2 ln 3.
     */
    @Test
    void withAPenaltyTheGradientOfTheStandardizedObjectiveVanishes() {
        double[] rows = {0, 3.5, 0, 1.0, 0, 7.0, 0, 2.0, 1, 0.5, 1, 4.0, 1, 6.5, 1, 9.0};
        double[] y = {1, 0, 0, 0, 1, 1, 1, 0};
        double lambda = 0.5;
        RidgeLogisticRegression.Model m = RidgeLogisticRegression.fit(rows, y, 2, lambda);
        int n = y.length;
        double[] gradient = new double[3];
        for (int i = 0; i < n; i++) {
            double eta = m.intercept() + m.coefficients()[0] * rows[2 * i] + m.coefficients()[1] * rows[2 * i + 1];
            double residual = 1 / (1 + Math.exp(-eta)) - y[i];
            gradient[0] += residual / n;
            gradient[1] += residual * rows[2 * i] / n;
            gradient[2] += residual * rows[2 * i + 1] / n;
        }
        // sample variances by hand: x₁ is four 0s and four 1s, mean 1/2, Σ(x − 1/2)² = 2, so 2/7;
        // x₂ = 3.5, 1, 7, 2, 0.5, 4, 6.5, 9: mean 33.5/8 = 4.1875, Σ x² = 205.75, so (203.75 − 8 · 4.1875²)/7
        double var1 = 2.0 / 7;
        double var2 = (205.75 - 8 * 4.1875 * 4.1875) / 7;
        gradient[1] += lambda * var1 * m.coefficients()[0];
        gradient[2] += lambda * var2 * m.coefficients()[1];
        assertThat(gradient).containsExactly(new double[] {0, 0, 0}, offset(1e-12));
        assertThat(Math.abs(m.coefficients()[0])).isLessThan(2 * Math.log(3));
    }

    /** A feature that never varies says nothing: its coefficient is 0 (as in MLlib) and the rest is unchanged. */
    @Test
    void aConstantFeatureGetsZero() {
        double[] withConstant = {0, 5, 0, 5, 0, 5, 0, 5, 1, 5, 1, 5, 1, 5, 1, 5};
        double[] y = {1, 0, 0, 0, 1, 1, 1, 0};
        RidgeLogisticRegression.Model m = RidgeLogisticRegression.fit(withConstant, y, 2, 0);
        assertThat(m.coefficients()[1]).isZero();
        assertThat(m.coefficients()[0]).isCloseTo(2 * Math.log(3), offset(1e-12));
        assertThat(m.intercept()).isCloseTo(-Math.log(3), offset(1e-12));
    }
}
