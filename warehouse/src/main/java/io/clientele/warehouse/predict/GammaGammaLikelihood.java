package io.clientele.warehouse.predict;

import java.util.List;
import java.util.stream.IntStream;
import org.hipparchus.special.Gamma;
import org.hipparchus.util.FastMath;

/**
 * The Gamma-Gamma log-likelihood ("RFM and CLV", eq. 3) and its gradient in p, q, γ, laid out
 * for a million repeat buyers. Per buyer group (x, m̄, n):
 * n·[lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q ln γ + (px−1) ln m̄ + px ln x − (px+q) ln(γ + x m̄)].
 * The gamma terms are summed once per distinct x, the parameter-free sums Σ n ln m̄,
 * Σ n x ln m̄ and Σ n x ln x once at construction, so a group costs one log and one division:
 * ln(γ + x m̄) and 1/(γ + x m̄). That sum runs in fixed chunks on all cores, added in chunk order.
 */
final class GammaGammaLikelihood implements DifferentiableLogLikelihood {

    private static final int CHUNK = 8_192;

    private final double[] frequency;
    private final double[] meanValue;
    private final double[] customers;
    private final double[] xs;
    private final double[] customersPerX;
    private final double totalCustomers;
    private final double sumLogMean; // Σ n ln m̄
    private final double sumXLogMeanAndX; // Σ n x (ln m̄ + ln x)

    GammaGammaLikelihood(List<GammaGammaModel.Spend> data) {
        int n = data.size();
        frequency = new double[n];
        meanValue = new double[n];
        customers = new double[n];
        double logMean = 0;
        double xLog = 0;
        double total = 0;
        for (int i = 0; i < n; i++) {
            GammaGammaModel.Spend s = data.get(i);
            frequency[i] = s.frequency();
            meanValue[i] = s.meanValue();
            customers[i] = s.customers();
            logMean += customers[i] * FastMath.log(meanValue[i]);
            xLog += customers[i] * frequency[i] * (FastMath.log(meanValue[i]) + FastMath.log(frequency[i]));
            total += customers[i];
        }
        sumLogMean = logMean;
        sumXLogMeanAndX = xLog;
        totalCustomers = total;
        xs = BgNbdLikelihood.distinct(frequency);
        int[] xIndex = BgNbdLikelihood.indexes(frequency, xs);
        customersPerX = new double[xs.length];
        for (int i = 0; i < n; i++) {
            customersPerX[xIndex[i]] += customers[i];
        }
    }

    @Override
    public double value(double[] parameters, double[] gradient) {
        double p = parameters[0];
        double q = parameters[1];
        double g = parameters[2];
        double sum = totalCustomers * (q * FastMath.log(g) - Gamma.logGamma(q)) + p * sumXLogMeanAndX - sumLogMean;
        double dp = sumXLogMeanAndX;
        double dq = totalCustomers * (FastMath.log(g) - Gamma.digamma(q));
        double dg = totalCustomers * q / g;
        for (int k = 0; k < xs.length; k++) {
            double px = p * xs[k];
            double n = customersPerX[k];
            sum += n * (Gamma.logGamma(px + q) - Gamma.logGamma(px));
            double psiPxQ = Gamma.digamma(px + q);
            dp += n * xs[k] * (psiPxQ - Gamma.digamma(px));
            dq += n * psiPxQ;
        }
        // Σ n ln(γ + x m̄), Σ n x ln(γ + x m̄), Σ n / (γ + x m̄), Σ n x / (γ + x m̄)
        int chunks = (customers.length + CHUNK - 1) / CHUNK;
        double[] partial = new double[chunks * 4];
        IntStream.range(0, chunks).parallel().forEach(c -> {
            double sl = 0;
            double sxl = 0;
            double si = 0;
            double sxi = 0;
            int end = Math.min(customers.length, (c + 1) * CHUNK);
            for (int i = c * CHUNK; i < end; i++) {
                double n = customers[i];
                double x = frequency[i];
                double v = g + x * meanValue[i];
                double l = n * Math.log(v); // a JIT intrinsic, faster than FastMath.log
                double inv = n / v;
                sl += l;
                sxl += x * l;
                si += inv;
                sxi += x * inv;
            }
            partial[c * 4] = sl;
            partial[c * 4 + 1] = sxl;
            partial[c * 4 + 2] = si;
            partial[c * 4 + 3] = sxi;
        });
        double sumLog = 0;
        double sumXLog = 0;
        double sumInv = 0;
        double sumXInv = 0;
        for (int c = 0; c < chunks; c++) {
            sumLog += partial[c * 4];
            sumXLog += partial[c * 4 + 1];
            sumInv += partial[c * 4 + 2];
            sumXInv += partial[c * 4 + 3];
        }
        // −(px + q) ln(γ + x m̄) summed: −p Σ n x ln(·) − q Σ n ln(·)
        sum -= p * sumXLog + q * sumLog;
        gradient[0] = dp - sumXLog;
        gradient[1] = dq - sumLog;
        gradient[2] = dg - p * sumXInv - q * sumInv;
        return sum;
    }
}
