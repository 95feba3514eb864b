package io.clientele.warehouse.predict;

import java.util.Arrays;

/**
 * The exact area under the ROC curve: the chance that a random positive scores above a random
 * negative, a tie counting one half (the trapezoids of the curve through every distinct score, as
 * Spark's {@code BinaryClassificationEvaluator} with {@code numBins} 0 computes it). Takes the
 * positives' and the negatives' scores apart, so that a million scores cost two sorted arrays.
 */
final class AreaUnderRoc {

    private AreaUnderRoc() {}

    /** NaN when there are no positives or no negatives; sorts both arrays in place. */
    static double of(double[] positives, double[] negatives) {
        if (positives.length == 0 || negatives.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(positives);
        Arrays.sort(negatives);
        double pairs = 0;
        int below = 0; // negatives scoring below the current positive
        for (int i = 0; i < positives.length; ) {
            double score = positives[i];
            int same = i;
            while (same < positives.length && positives[same] == score) {
                same++;
            }
            while (below < negatives.length && negatives[below] < score) {
                below++;
            }
            int tied = below;
            while (tied < negatives.length && negatives[tied] == score) {
                tied++;
            }
            pairs += (double) (same - i) * (below + (tied - below) / 2.0);
            i = same;
        }
        return pairs / ((double) positives.length * negatives.length);
    }
}
