package io.clientele.warehouse.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class AreaUnderRocTest {

    /**
     * Positives 0.9, 0.4, 0.6 against negatives 0.1, 0.4, 0.7, pair by pair: 0.9 beats all three
     * (3); 0.4 beats 0.1 and ties 0.4 (1.5); 0.6 beats 0.1 and 0.4 (2). 6.5 of 9 pairs.
     */
    @Test
    void countsEachPairATieAsOneHalf() {
        assertThat(AreaUnderRoc.of(new double[] {0.9, 0.4, 0.6}, new double[] {0.1, 0.4, 0.7}))
                .isCloseTo(6.5 / 9, offset(1e-15));
    }

    @Test
    void perfectReversedAndConstantScores() {
        assertThat(AreaUnderRoc.of(new double[] {3, 4}, new double[] {1, 2})).isEqualTo(1.0);
        assertThat(AreaUnderRoc.of(new double[] {1, 2}, new double[] {3, 4})).isEqualTo(0.0);
        assertThat(AreaUnderRoc.of(new double[] {5, 5}, new double[] {5, 5, 5})).isEqualTo(0.5);
        assertThat(AreaUnderRoc.of(new double[] {}, new double[] {1})).isNaN();
    }
}
