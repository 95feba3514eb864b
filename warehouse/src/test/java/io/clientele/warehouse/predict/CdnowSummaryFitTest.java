package io.clientele.warehouse.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The model classes alone on the per-customer summary the papers fitted (shipped with the
 * CDNOW data: x, t_x and T in weeks rounded to two decimals, zbar): the published estimates
 * and log-likelihoods (FHL 2005: BG/NBD LL = −9582.4).
 */
class CdnowSummaryFitTest {

    static Path summary() {
        return Path.of("src/test/resources/datasets/cdnow/cdnow_customers_summary_with_transactions.csv");
    }

    static List<String[]> rows() throws IOException {
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(summary()).subList(1, 2358)) {
            rows.add(line.split(","));
        }
        return rows;
    }

    @Test
    void bgNbdOnThePapersSummary() throws IOException {
        List<BgNbdModel.History> data = new ArrayList<>();
        for (String[] f : rows()) {
            data.add(new BgNbdModel.History(
                    Long.parseLong(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]), 1));
        }
        assertThat(data).hasSize(2357);
        Fitted<BgNbdModel> fit = BgNbdModel.fit(data).orElseThrow();
        assertThat(fit.model().r()).isCloseTo(0.243, within(0.001));
        assertThat(fit.model().alpha()).isCloseTo(4.414, within(0.001));
        assertThat(fit.model().a()).isCloseTo(0.793, within(0.001));
        assertThat(fit.model().b()).isCloseTo(2.426, within(0.001));
        assertThat(fit.logLikelihood()).isCloseTo(-9582.4, within(0.05));
        // FHL 2005: E[X(39) | x = 2, t_x = 30.43, T = 38.86] = 1.226
        assertThat(fit.model().conditionalExpectedPurchases(39, 2, 30.43, 38.86))
                .isCloseTo(1.226, within(0.001));
        assertThat(fit.model().probabilityAlive(0, 0, 38.86)).isEqualTo(1.0);
    }

    @Test
    void gammaGammaOnThePapersSummary() throws IOException {
        List<GammaGammaModel.Spend> data = new ArrayList<>();
        for (String[] f : rows()) {
            if (Long.parseLong(f[1]) > 0) {
                data.add(new GammaGammaModel.Spend(Long.parseLong(f[1]), Double.parseDouble(f[4]), 1));
            }
        }
        assertThat(data).hasSize(946);
        GammaGammaModel m = GammaGammaModel.fit(data).orElseThrow().model();
        assertThat(m.p()).isCloseTo(6.25, within(0.01));
        assertThat(m.q()).isCloseTo(3.74, within(0.01));
        assertThat(m.gamma()).isCloseTo(15.44, within(0.01));
        // the population's mean spend p·γ/(q − 1), by hand from the published 6.25 · 15.44 / 2.74 = 35.22
        assertThat(m.populationMeanValue()).isCloseTo(35.2, within(0.5));
    }
}
