package io.clientele.warehouse.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Fader &amp; Hardie (2007), "How to project customer retention", Table 1 and section 4: the
 * survival curves of a cohort of 1,000 regular and 1,000 high-end customers over seven
 * renewals, and the paper's maximum-likelihood estimates.
 */
class ShiftedBetaGeometricModelTest {

    static final double[] REGULAR = {100, 63.1, 46.8, 38.2, 32.6, 28.9, 26.2, 24.1};
    static final double[] HIGH_END = {100, 86.9, 74.3, 65.3, 59.3, 55.1, 51.7, 49.1};

    @Test
    void regularCustomers() {
        ShiftedBetaGeometricModel m = ShiftedBetaGeometricModel.fit(
                        ShiftedBetaGeometricModel.fromSurvivalCurve(REGULAR, 1000))
                .orElseThrow()
                .model();
        assertThat(m.alpha()).isCloseTo(0.704, within(0.01));
        assertThat(m.beta()).isCloseTo(1.182, within(0.01));
        // fitted survival follows the observed curve (within two points over the 7 years)
        for (int t = 0; t < REGULAR.length; t++) {
            assertThat(100 * m.survival(t)).isCloseTo(REGULAR[t], within(2.0));
        }
        // r(1) = β / (α + β) = 1 − P(churn in period 1)
        assertThat(m.retention(1)).isCloseTo(m.survival(1), within(1e-12));
        assertThat(m.retention(3)).isCloseTo(m.survival(3) / m.survival(2), within(1e-12));
    }

    @Test
    void highEndCustomers() {
        Fitted<ShiftedBetaGeometricModel> fit = ShiftedBetaGeometricModel.fit(
                        ShiftedBetaGeometricModel.fromSurvivalCurve(HIGH_END, 1000))
                .orElseThrow();
        assertThat(fit.model().alpha()).isCloseTo(0.668, within(0.01));
        assertThat(fit.model().beta()).isCloseTo(3.806, within(0.01));
        assertThat(fit.logLikelihood()).isLessThan(0);
    }
}
