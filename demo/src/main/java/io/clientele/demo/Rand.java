package io.clientele.demo;

import java.util.SplittableRandom;

/**
 * Random variates on a {@link SplittableRandom}. StrictMath, not Math, and no JDK sampler
 * (nextGaussian, nextExponential): the files must be the same bytes on every JVM and CPU.
 */
final class Rand {

    private Rand() {}

    /** A well-mixed seed for stream {@code index} of {@code seed}, so neighbouring customers share nothing. */
    static long mix(long seed, long index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1);
        z = mix64(z);
        return mix64(z ^ (seed * 0xBF58476D1CE4E5B9L));
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static double exponential(SplittableRandom r, double mean) {
        return -mean * StrictMath.log(1.0 - r.nextDouble());
    }

    static double normal(SplittableRandom r) {
        double u1 = 1.0 - r.nextDouble();
        double u2 = r.nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * Math.PI * u2);
    }

    static double logNormal(SplittableRandom r, double median, double sigma) {
        return median * StrictMath.exp(sigma * normal(r));
    }

    /** Marsaglia-Tsang; shape below one by the usual boost. */
    static double gamma(SplittableRandom r, double shape, double scale) {
        if (shape < 1.0) {
            double u = 1.0 - r.nextDouble();
            return gamma(r, shape + 1.0, scale) * StrictMath.pow(u, 1.0 / shape);
        }
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / StrictMath.sqrt(9.0 * d);
        while (true) {
            double x;
            double v;
            do {
                x = normal(r);
                v = 1.0 + c * x;
            } while (v <= 0.0);
            v = v * v * v;
            double u = 1.0 - r.nextDouble();
            if (u < 1.0 - 0.0331 * x * x * x * x
                    || StrictMath.log(u) < 0.5 * x * x + d * (1.0 - v + StrictMath.log(v))) {
                return d * v * scale;
            }
        }
    }

    static double beta(SplittableRandom r, double a, double b) {
        double x = gamma(r, a, 1.0);
        double y = gamma(r, b, 1.0);
        return x / (x + y);
    }

    /** Knuth's method: the means used here are small. */
    static int poisson(SplittableRandom r, double mean) {
        if (mean <= 0) {
            return 0;
        }
        double limit = StrictMath.exp(-Math.min(mean, 60.0));
        double product = r.nextDouble();
        int n = 0;
        while (product > limit) {
            n++;
            product *= r.nextDouble();
        }
        return n;
    }

    /** Index drawn from cumulative weights (last entry = total). */
    static int pick(SplittableRandom r, double[] cumulative) {
        double u = r.nextDouble() * cumulative[cumulative.length - 1];
        for (int i = 0; i < cumulative.length - 1; i++) {
            if (u < cumulative[i]) {
                return i;
            }
        }
        return cumulative.length - 1;
    }

    static double[] cumulative(double... weights) {
        double[] c = new double[weights.length];
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i];
            c[i] = sum;
        }
        return c;
    }

    static <T> T any(SplittableRandom r, T[] values) {
        return values[r.nextInt(values.length)];
    }
}
