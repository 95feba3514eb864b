package io.clientele.warehouse.predict;

import java.util.List;
import java.util.Optional;
import org.hipparchus.special.Beta;
import org.hipparchus.special.Gamma;
import org.hipparchus.util.FastMath;

/**
 * The BG/NBD model of Fader, Hardie &amp; Lee (2005), "Counting your customers the easy way":
 * while alive a customer buys as a Poisson process of rate λ ~ Gamma(r, α); after each
 * purchase they drop out for good with probability p ~ Beta(a, b). Fitted by maximum
 * likelihood over the distinct (x, t_x, T) triples with their counts, so the cost does not
 * grow with the number of customers.
 *
 * @param r     shape of the purchase-rate gamma
 * @param alpha scale of the purchase-rate gamma (in the time unit of the data)
 * @param a     first shape of the dropout beta
 * @param b     second shape of the dropout beta
 */
public record BgNbdModel(double r, double alpha, double a, double b) {

    /**
     * Customers with the same history, as the model sees it.
     *
     * @param frequency x, the number of repeat purchase occasions
     * @param recency   t_x, time from the first to the last purchase
     * @param age       T, time from the first purchase to the end of observation
     * @param customers how many customers have this history
     */
    public record History(long frequency, double recency, double age, long customers) {}

    /**
     * Maximum-likelihood fit (BFGS on the analytic gradient); empty when the optimizer finds no
     * finite interior maximum.
     */
    public static Optional<Fitted<BgNbdModel>> fit(List<History> data) {
        return LogParameterMaximizer.maximize(
                        new BgNbdLikelihood(data), new double[] {1, 1, 1, 1}, new double[] {1e5, 1e7, 1e5, 1e5})
                .map(m -> new Fitted<>(
                        new BgNbdModel(m.parameters()[0], m.parameters()[1], m.parameters()[2], m.parameters()[3]),
                        m.logLikelihood(),
                        m.evaluations()));
    }

    /**
     * Σ customers × ln L(r, α, a, b | x, t_x, T) (FHL 2005, eq. 6), term by term as the paper
     * writes it: the reference the fitted {@link BgNbdLikelihood} is checked against. The data come
     * sorted by frequency.
     */
    public static double logLikelihood(BgNbdModel m, List<History> data) {
        double sum = 0;
        double lgR = Gamma.logGamma(m.r);
        double lbAB = Beta.logBeta(m.a, m.b);
        double rLogAlpha = m.r * FastMath.log(m.alpha);
        long lastX = -1;
        double byX = 0;
        for (History h : data) {
            double x = h.frequency;
            double rx = m.r + x;
            if (h.frequency != lastX) {
                // the gamma and beta terms depend on x only: once per frequency (the data come sorted by it)
                byX = Gamma.logGamma(rx) - lgR + Beta.logBeta(m.a, m.b + x) - lbAB;
                lastX = h.frequency;
            }
            double a12 = byX + rLogAlpha;
            double a3 = -rx * FastMath.log(m.alpha + h.age);
            double total;
            if (h.frequency > 0) {
                double a4 = FastMath.log(m.a) - FastMath.log(m.b + x - 1) - rx * FastMath.log(m.alpha + h.recency);
                double hi = FastMath.max(a3, a4);
                total = hi + FastMath.log(FastMath.exp(a3 - hi) + FastMath.exp(a4 - hi));
            } else {
                total = a3;
            }
            sum += h.customers * (a12 + total);
        }
        return sum;
    }

    /** P(alive | x, t_x, T): 1 for a customer who never bought again (the model's dropout follows a purchase). */
    public double probabilityAlive(long x, double recency, double age) {
        if (x == 0) {
            return 1;
        }
        return 1 / inverseProbabilityAlive(x, recency, age);
    }

    /** 1 / P(alive | x, t_x, T) = 1 + a/(b+x−1) · ((α+T)/(α+t_x))^(r+x) for x &gt; 0, else 1. */
    public double inverseProbabilityAlive(long x, double recency, double age) {
        return x > 0 ? 1 + a / (b + x - 1) * FastMath.pow((alpha + age) / (alpha + recency), r + x) : 1;
    }

    /**
     * E[X(t) | x, t_x, T], the purchases expected in the next t time units (FHL 2005, eq. 10).
     * The factor ((α+T)/(α+T+t))^(r+x) · 2F1(r+x, b+x; a+b+x−1; z) is computed through Euler's
     * transformation as (1−z)^(a−1) · 2F1(a+b−1−r, a−1; a+b+x−1; z), which stays of order one
     * however large x is.
     */
    public double conditionalExpectedPurchases(double t, long x, double recency, double age) {
        if (t <= 0) {
            return 0;
        }
        return purchasesIfAlive(t, x, age) / inverseProbabilityAlive(x, recency, age);
    }

    /**
     * The numerator of {@link #conditionalExpectedPurchases}: it depends on x and T but not on t_x,
     * so customers who share (x, T) share it (the hypergeometric function is the costly part).
     */
    public double purchasesIfAlive(double t, long x, double age) {
        double z = t / (alpha + age + t);
        double c = a + b + x - 1;
        double tail = FastMath.pow(1 - z, a - 1) * GaussHypergeometric.value(a + b - 1 - r, a - 1, c, z);
        return c / (a - 1) * (1 - tail);
    }

    /** E[X(t)] of a customer just acquired (FHL 2005, eq. 9). */
    public double expectedPurchases(double t) {
        double z = t / (alpha + t);
        return (a + b - 1)
                / (a - 1)
                * (1 - FastMath.pow(alpha / (alpha + t), r) * GaussHypergeometric.value(r, b, a + b - 1, z));
    }
}
