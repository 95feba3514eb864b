package io.clientele.warehouse.predict;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.hipparchus.special.Beta;
import org.hipparchus.special.Gamma;
import org.hipparchus.util.FastMath;

/**
 * The BG/NBD log-likelihood (FHL 2005, eq. 6) and its gradient in r, α, a, b, laid out for
 * a million customers: the histories in primitive arrays, each term computed at the level it
 * varies at — the gamma, beta and digamma terms once per distinct x, ln(α + T) and ln(α + t_x)
 * once per distinct T and t_x — so that a history costs one exp and one log. The sum over
 * histories is split into fixed chunks summed on all cores and added in chunk order, so the
 * result does not depend on the number of cores.
 */
final class BgNbdLikelihood implements DifferentiableLogLikelihood {

    private static final int CHUNK = 8_192;

    private final double[] xs; // distinct x, ascending
    private final double[] recencies; // distinct t_x
    private final double[] ages; // distinct T
    private final int[] xIndex;
    private final int[] recencyIndex;
    private final int[] ageIndex;
    private final double[] customers;
    private final double[] customersPerX;
    private final double totalCustomers;

    BgNbdLikelihood(List<BgNbdModel.History> data) {
        int n = data.size();
        double[] x = new double[n];
        double[] tx = new double[n];
        double[] t = new double[n];
        customers = new double[n];
        for (int i = 0; i < n; i++) {
            BgNbdModel.History h = data.get(i);
            x[i] = h.frequency();
            tx[i] = h.recency();
            t[i] = h.age();
            customers[i] = h.customers();
        }
        xs = distinct(x);
        recencies = distinct(tx);
        ages = distinct(t);
        xIndex = indexes(x, xs);
        recencyIndex = indexes(tx, recencies);
        ageIndex = indexes(t, ages);
        customersPerX = new double[xs.length];
        double total = 0;
        for (int i = 0; i < n; i++) {
            customersPerX[xIndex[i]] += customers[i];
            total += customers[i];
        }
        totalCustomers = total;
    }

    int histories() {
        return customers.length;
    }

    @Override
    public double value(double[] p, double[] gradient) {
        double r = p[0];
        double alpha = p[1];
        double a = p[2];
        double b = p[3];
        // per distinct x: the gamma/beta terms and their derivatives, ln a − ln(b + x − 1) and its b-derivative
        int kx = xs.length;
        double[] byX = new double[kx];
        double[] rPlusX = new double[kx];
        double[] logA4 = new double[kx];
        double[] invB4 = new double[kx];
        double psiR = Gamma.digamma(r);
        double psiB = Gamma.digamma(b);
        double psiAB = Gamma.digamma(a + b);
        double lgR = Gamma.logGamma(r);
        double lbAB = Beta.logBeta(a, b);
        double logA = FastMath.log(a);
        double sum = 0;
        double dr = 0;
        double da = 0;
        double db = 0;
        for (int k = 0; k < kx; k++) {
            double x = xs[k];
            double n = customersPerX[k];
            rPlusX[k] = r + x;
            byX[k] = Gamma.logGamma(r + x) - lgR + Beta.logBeta(a, b + x) - lbAB;
            sum += n * byX[k];
            if (x > 0) { // for x = 0 the digamma differences are 0
                double psiABX = Gamma.digamma(a + b + x);
                dr += n * (Gamma.digamma(r + x) - psiR);
                da += n * (psiAB - psiABX);
                db += n * (Gamma.digamma(b + x) - psiABX - psiB + psiAB);
                logA4[k] = logA - FastMath.log(b + x - 1);
                invB4[k] = 1 / (b + x - 1);
            }
        }
        double logAlpha = FastMath.log(alpha);
        sum += totalCustomers * r * logAlpha;
        dr += totalCustomers * logAlpha;
        double dAlpha = totalCustomers * r / alpha;
        double[] logAge = new double[ages.length];
        double[] invAge = new double[ages.length];
        for (int j = 0; j < ages.length; j++) {
            logAge[j] = FastMath.log(alpha + ages[j]);
            invAge[j] = 1 / (alpha + ages[j]);
        }
        double[] logRecency = new double[recencies.length];
        double[] invRecency = new double[recencies.length];
        for (int j = 0; j < recencies.length; j++) {
            logRecency[j] = FastMath.log(alpha + recencies[j]);
            invRecency[j] = 1 / (alpha + recencies[j]);
        }
        // per history: ln(e^A3 + e^A4) and its weights; 5 partial sums per chunk
        int chunks = (customers.length + CHUNK - 1) / CHUNK;
        double[] partial = new double[chunks * 5];
        IntStream.range(0, chunks).parallel().forEach(c -> {
            double s = 0;
            double sr = 0;
            double sAlpha = 0;
            double sa = 0;
            double sb = 0;
            int end = Math.min(customers.length, (c + 1) * CHUNK);
            for (int i = c * CHUNK; i < end; i++) {
                int k = xIndex[i];
                double n = customers[i];
                double rx = rPlusX[k];
                double a3 = -rx * logAge[ageIndex[i]];
                if (xs[k] > 0) {
                    int m = recencyIndex[i];
                    double a4 = logA4[k] - rx * logRecency[m];
                    // ln(e^a3 + e^a4) = hi + ln(1 + e^(lo − hi)); w4 = e^(a4 − total) is A4's share.
                    // Math.exp and Math.log are JIT intrinsics, several times faster than FastMath's; ln(1 + e)
                    // rather than log1p(e) loses at most 1e-16 per history, far below the sum's rounding.
                    double w4;
                    double total;
                    if (a3 >= a4) {
                        double e = Math.exp(a4 - a3);
                        total = a3 + Math.log(1 + e);
                        w4 = e / (1 + e);
                    } else {
                        double e = Math.exp(a3 - a4);
                        total = a4 + Math.log(1 + e);
                        w4 = 1 / (1 + e);
                    }
                    double w3 = 1 - w4;
                    s += n * total;
                    sr -= n * (w3 * logAge[ageIndex[i]] + w4 * logRecency[m]);
                    sAlpha -= n * rx * (w3 * invAge[ageIndex[i]] + w4 * invRecency[m]);
                    sa += n * w4 / a;
                    sb -= n * w4 * invB4[k];
                } else {
                    s += n * a3;
                    sr -= n * logAge[ageIndex[i]];
                    sAlpha -= n * rx * invAge[ageIndex[i]];
                }
            }
            partial[c * 5] = s;
            partial[c * 5 + 1] = sr;
            partial[c * 5 + 2] = sAlpha;
            partial[c * 5 + 3] = sa;
            partial[c * 5 + 4] = sb;
        });
        for (int c = 0; c < chunks; c++) {
            sum += partial[c * 5];
            dr += partial[c * 5 + 1];
            dAlpha += partial[c * 5 + 2];
            da += partial[c * 5 + 3];
            db += partial[c * 5 + 4];
        }
        gradient[0] = dr;
        gradient[1] = dAlpha;
        gradient[2] = da;
        gradient[3] = db;
        return sum;
    }

    static double[] distinct(double[] values) {
        return Arrays.stream(values).sorted().distinct().toArray();
    }

    static int[] indexes(double[] values, double[] distinct) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Arrays.binarySearch(distinct, values[i]);
        }
        return out;
    }
}
