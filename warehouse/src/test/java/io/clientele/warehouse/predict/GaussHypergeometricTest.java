package io.clientele.warehouse.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** 2F1 against closed forms, on both sides of the switch to the 1 − z transformation. */
class GaussHypergeometricTest {

    @Test
    void logarithmCase() {
        // 2F1(1, 1; 2; z) = −ln(1 − z) / z (c − a − b = 0: the series, however long)
        for (double z : new double[] {0.1, 0.5, 0.9, 0.99}) {
            assertThat(GaussHypergeometric.value(1, 1, 2, z)).isCloseTo(-Math.log(1 - z) / z, within(1e-10));
        }
    }

    @Test
    void binomialCaseNearOne() {
        // 2F1(a, b; b; z) = (1 − z)^(−a); c − a − b = −0.3 is not an integer, so z > 0.75 uses A&S 15.3.6
        for (double z : new double[] {0.3, 0.8, 0.95, 0.999}) {
            assertThat(GaussHypergeometric.value(0.3, 2.7, 2.7, z))
                    .isCloseTo(Math.pow(1 - z, -0.3), within(1e-9 * Math.pow(1 - z, -0.3)));
        }
    }

    @Test
    void arcsineCase() {
        // 2F1(1/2, 1/2; 3/2; s²) = arcsin(s) / s
        for (double s : new double[] {0.2, 0.9, 0.97, 0.9995}) {
            assertThat(GaussHypergeometric.value(0.5, 0.5, 1.5, s * s)).isCloseTo(Math.asin(s) / s, within(1e-10));
        }
    }

    @Test
    void largeParametersNearOne() {
        // 2F1(a, b; c; z) with c − a − b = 1.5 non-integer and large c: compare the transformation with the
        // plain series summed to convergence (both routes must agree)
        double a = 0.6, b = 2.9, c = 5.0, z = 0.93;
        assertThat(GaussHypergeometric.value(a, b, c, z))
                .isCloseTo(GaussHypergeometric.series(a, b, c, z), within(1e-10));
        a = 2.35;
        b = -0.2;
        c = 40.2;
        assertThat(GaussHypergeometric.value(a, b, c, z))
                .isCloseTo(GaussHypergeometric.series(a, b, c, z), within(1e-10));
    }
}
