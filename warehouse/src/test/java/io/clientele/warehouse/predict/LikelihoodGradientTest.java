package io.clientele.warehouse.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The fast likelihoods the fits maximise ({@link BgNbdLikelihood}, {@link GammaGammaLikelihood})
 * against the papers' formulas term by term ({@link BgNbdModel#logLikelihood},
 * {@link GammaGammaModel#logLikelihood}) on the CDNOW summary: the same value, a gradient equal
 * to central difference quotients of the paper's form, and a BFGS maximum at least as high as
 * the Nelder–Mead simplex finds on the same data.
 */
class LikelihoodGradientTest {

    static List<BgNbdModel.History> histories() throws IOException {
        List<BgNbdModel.History> data = new ArrayList<>();
        for (String[] f : CdnowSummaryFitTest.rows()) {
            data.add(new BgNbdModel.History(
                    Long.parseLong(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]), 1));
        }
        return data;
    }

    static List<GammaGammaModel.Spend> spends() throws IOException {
        List<GammaGammaModel.Spend> data = new ArrayList<>();
        for (String[] f : CdnowSummaryFitTest.rows()) {
            if (Long.parseLong(f[1]) > 0) {
                data.add(new GammaGammaModel.Spend(Long.parseLong(f[1]), Double.parseDouble(f[4]), 1));
            }
        }
        return data;
    }

    @Test
    void bgNbdValueAndGradientAgreeWithThePapersForm() throws IOException {
        List<BgNbdModel.History> data = histories();
        BgNbdLikelihood fast = new BgNbdLikelihood(data);
        ToDoubleFunction<double[]> paper = p -> BgNbdModel.logLikelihood(new BgNbdModel(p[0], p[1], p[2], p[3]), data);
        for (double[] p : List.of(
                new double[] {0.243, 4.414, 0.793, 2.426}, new double[] {1, 1, 1, 1}, new double[] {2.5, 0.3, 4, 0.7
                })) {
            assertAgrees(fast, paper, p);
        }
    }

    @Test
    void gammaGammaValueAndGradientAgreeWithThePapersForm() throws IOException {
        List<GammaGammaModel.Spend> data = spends();
        GammaGammaLikelihood fast = new GammaGammaLikelihood(data);
        ToDoubleFunction<double[]> paper =
                p -> GammaGammaModel.logLikelihood(new GammaGammaModel(p[0], p[1], p[2]), data);
        for (double[] p :
                List.of(new double[] {6.25, 3.74, 15.44}, new double[] {1, 1, 1}, new double[] {0.4, 12, 300})) {
            assertAgrees(fast, paper, p);
        }
    }

    @Test
    void gradientSearchReachesTheSimplexMaximumInFewerEvaluations() throws IOException {
        List<BgNbdModel.History> histories = histories();
        compare(
                BgNbdModel.fit(histories).orElseThrow().logLikelihood(),
                BgNbdModel.fit(histories).orElseThrow().evaluations(),
                LogParameterMaximizer.maximize(
                                p -> BgNbdModel.logLikelihood(new BgNbdModel(p[0], p[1], p[2], p[3]), histories),
                                new double[] {1, 1, 1, 1},
                                new double[] {1e5, 1e7, 1e5, 1e5})
                        .orElseThrow());
        List<GammaGammaModel.Spend> spends = spends();
        compare(
                GammaGammaModel.fit(spends).orElseThrow().logLikelihood(),
                GammaGammaModel.fit(spends).orElseThrow().evaluations(),
                LogParameterMaximizer.maximize(
                                p -> GammaGammaModel.logLikelihood(new GammaGammaModel(p[0], p[1], p[2]), spends),
                                new double[] {1, 1, 1},
                                new double[] {1e5, 1e5, 1e12})
                        .orElseThrow());
    }

    private static void compare(
            double gradientLogLikelihood, int gradientEvaluations, LogParameterMaximizer.Maximum simplex) {
        assertThat(gradientLogLikelihood)
                .isGreaterThanOrEqualTo(simplex.logLikelihood() - 1e-9 * Math.abs(simplex.logLikelihood()));
        assertThat(gradientEvaluations).isPositive().isLessThan(simplex.evaluations() / 4);
    }

    private static void assertAgrees(DifferentiableLogLikelihood fast, ToDoubleFunction<double[]> paper, double[] p) {
        double[] gradient = new double[p.length];
        double value = fast.value(p, gradient);
        double expected = paper.applyAsDouble(p);
        assertThat(value)
                .as("log-likelihood at %s", java.util.Arrays.toString(p))
                .isCloseTo(expected, within(1e-10 * Math.abs(expected)));
        for (int i = 0; i < p.length; i++) {
            double h = 1e-5 * p[i];
            double[] up = p.clone();
            double[] down = p.clone();
            up[i] += h;
            down[i] -= h;
            double quotient = (paper.applyAsDouble(up) - paper.applyAsDouble(down)) / (2 * h);
            assertThat(gradient[i])
                    .as("d ln L / d parameter %d at %s", i, java.util.Arrays.toString(p))
                    .isCloseTo(quotient, within(1e-5 * Math.max(1, Math.abs(quotient))));
        }
    }
}
