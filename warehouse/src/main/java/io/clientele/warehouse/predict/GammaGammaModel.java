package io.clientele.warehouse.predict;

import java.util.List;
import java.util.Optional;
import org.hipparchus.special.Gamma;
import org.hipparchus.util.FastMath;

/**
 * The Gamma-Gamma spend model of Fader, Hardie &amp; Lee (2005), "RFM and CLV": a customer's
 * purchase values are Gamma(p, ν) around their own mean, and ν ~ Gamma(q, γ) across
 * customers; spend is assumed independent of how often they buy. Fitted on repeat buyers
 * with a positive mean repeat value.
 *
 * @param p     shape of each purchase's value
 * @param q     shape of the customers' ν
 * @param gamma scale of the customers' ν (the contract's parameter {@code v})
 */
public record GammaGammaModel(double p, double q, double gamma) {

    /**
     * Repeat buyers with the same spend history.
     *
     * @param frequency      x &gt; 0 repeat purchase occasions
     * @param meanValue      their mean value, &gt; 0
     * @param customers      how many customers have it
     */
    public record Spend(long frequency, double meanValue, long customers) {}

    /** Maximum-likelihood fit (BFGS on the analytic gradient); empty when there is no finite interior maximum. */
    public static Optional<Fitted<GammaGammaModel>> fit(List<Spend> data) {
        return LogParameterMaximizer.maximize(
                        new GammaGammaLikelihood(data), new double[] {1, 1, 1}, new double[] {1e5, 1e5, 1e12})
                .map(m -> new Fitted<>(
                        new GammaGammaModel(m.parameters()[0], m.parameters()[1], m.parameters()[2]),
                        m.logLikelihood(),
                        m.evaluations()));
    }

    /**
     * Σ customers × ln f(m̄ | x; p, q, γ) ("RFM and CLV", eq. 3, the density of the mean of x values),
     * term by term as the paper writes it: the reference the fitted {@link GammaGammaLikelihood} is checked against.
     */
    public static double logLikelihood(GammaGammaModel m, List<Spend> data) {
        double sum = 0;
        double lgQ = Gamma.logGamma(m.q);
        double qLogGamma = m.q * FastMath.log(m.gamma);
        for (Spend s : data) {
            double px = m.p * s.frequency;
            double x = s.frequency;
            double mean = s.meanValue;
            double ll = Gamma.logGamma(px + m.q)
                    - Gamma.logGamma(px)
                    - lgQ
                    + qLogGamma
                    + (px - 1) * FastMath.log(mean)
                    + px * FastMath.log(x)
                    - (px + m.q) * FastMath.log(m.gamma + x * mean);
            sum += s.customers * ll;
        }
        return sum;
    }

    /** E[M | p, q, γ, x, m̄] = (γ + x m̄) p / (p x + q − 1): a weighted mean of the population's and the customer's own. */
    public double conditionalExpectedValue(long x, double meanValue) {
        return (gamma + x * meanValue) * p / (p * x + q - 1);
    }

    /** The population mean spend p γ / (q − 1); only finite when q &gt; 1. */
    public double populationMeanValue() {
        return p * gamma / (q - 1);
    }
}
