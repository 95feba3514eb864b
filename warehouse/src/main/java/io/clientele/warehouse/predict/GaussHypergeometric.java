package io.clientele.warehouse.predict;

import org.hipparchus.special.Gamma;
import org.hipparchus.util.FastMath;

/**
 * Gauss's hypergeometric function 2F1(a, b; c; z) for real parameters and 0 ≤ z &lt; 1, as the
 * BG/NBD conditional expectation needs it. Near z = 1 the power series converges too slowly
 * (its terms shrink like z^n), so there the standard linear transformation to 1 − z
 * (Abramowitz &amp; Stegun 15.3.6) is used instead; it is singular when c − a − b is an
 * integer, where the series is summed to convergence however long that takes.
 */
public final class GaussHypergeometric {

    /** Above this z the 1 − z transformation converges faster than the plain series. */
    static final double TRANSFORM_ABOVE = 0.75;

    private static final int MAX_TERMS = 5_000_000;
    private static final double EPSILON = 1e-16;

    private GaussHypergeometric() {}

    public static double value(double a, double b, double c, double z) {
        if (!(z >= 0 && z < 1)) {
            throw new IllegalArgumentException("2F1 is implemented for 0 <= z < 1, got z = " + z);
        }
        if (isNonPositiveInteger(c)) {
            throw new IllegalArgumentException("2F1 is undefined for c = " + c);
        }
        double s = c - a - b;
        if (z <= TRANSFORM_ABOVE
                || isNonPositiveInteger(a)
                || isNonPositiveInteger(b)
                || FastMath.abs(s - FastMath.rint(s)) < 1e-9) {
            return series(a, b, c, z);
        }
        return aroundOne(a, b, c, z);
    }

    /** The defining power series Σ (a)_n (b)_n / ((c)_n n!) z^n; finite when a or b is a non-positive integer. */
    static double series(double a, double b, double c, double z) {
        double term = 1;
        double sum = 1;
        for (int n = 0; n < MAX_TERMS; n++) {
            term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
            sum += term;
            if (term == 0 || (FastMath.abs(term) <= EPSILON * FastMath.abs(sum) && n > 2)) {
                return sum;
            }
        }
        throw new ArithmeticException(
                "2F1(" + a + ", " + b + "; " + c + "; " + z + ") did not converge in " + MAX_TERMS + " terms");
    }

    /**
     * A&amp;S 15.3.6: 2F1(a,b;c;z) = Γ(c)Γ(c−a−b)/(Γ(c−a)Γ(c−b)) · 2F1(a, b; a+b−c+1; 1−z)
     * + (1−z)^(c−a−b) Γ(c)Γ(a+b−c)/(Γ(a)Γ(b)) · 2F1(c−a, c−b; c−a−b+1; 1−z), the gamma ratios taken in
     * logarithms with their signs so that large c does not overflow.
     */
    private static double aroundOne(double a, double b, double c, double z) {
        double s = c - a - b;
        double w = 1 - z;
        double first = 0;
        if (!isNonPositiveInteger(c - a) && !isNonPositiveInteger(c - b)) {
            SignedLog ratio = SignedLog.gamma(c)
                    .times(SignedLog.gamma(s))
                    .over(SignedLog.gamma(c - a))
                    .over(SignedLog.gamma(c - b));
            first = ratio.value() * series(a, b, 1 - s, w);
        }
        SignedLog ratio = SignedLog.gamma(c)
                .times(SignedLog.gamma(-s))
                .over(SignedLog.gamma(a))
                .over(SignedLog.gamma(b));
        double second = ratio.timesPower(w, s).value() * series(c - a, c - b, s + 1, w);
        return first + second;
    }

    private static boolean isNonPositiveInteger(double v) {
        return v <= 0 && v == FastMath.rint(v);
    }

    /** sign · e^log, so products of gamma functions of large or negative arguments stay finite. */
    private record SignedLog(double sign, double log) {

        /** Γ(x) for any real x that is not a pole, by reflection below zero. */
        static SignedLog gamma(double x) {
            if (x > 0) {
                return new SignedLog(1, Gamma.logGamma(x));
            }
            // Γ(x) = π / (sin(πx) Γ(1 − x))
            double sin = FastMath.sin(FastMath.PI * x);
            return new SignedLog(
                    FastMath.signum(sin), FastMath.log(FastMath.PI / FastMath.abs(sin)) - Gamma.logGamma(1 - x));
        }

        SignedLog times(SignedLog o) {
            return new SignedLog(sign * o.sign, log + o.log);
        }

        SignedLog over(SignedLog o) {
            return new SignedLog(sign * o.sign, log - o.log);
        }

        SignedLog timesPower(double base, double exponent) {
            return new SignedLog(sign, log + exponent * FastMath.log(base));
        }

        double value() {
            return sign * FastMath.exp(log);
        }
    }
}
