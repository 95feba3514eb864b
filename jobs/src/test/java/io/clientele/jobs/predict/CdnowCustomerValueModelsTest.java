package io.clientele.jobs.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.clientele.jobs.PublicDatasets;
import io.clientele.jobs.PublishedWarehouse;
import io.clientele.warehouse.predict.BgNbdModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The BG/NBD and Gamma-Gamma fits on the CDNOW sample, run through the ordinary CSV path of
 * the nightly job, against the figures Fader, Hardie &amp; Lee published: the calibration period
 * is the 39 weeks from 1997-01-01 to 1997-09-30, so the run's as-of date is 1997-09-30 (the
 * data after it is in the extract and must be ignored), weekly time unit.
 */
class CdnowCustomerValueModelsTest {

    static final String AS_OF = "1997-09-30";

    @TempDir
    static Path dir;

    static PublishedWarehouse published;
    static Map<String, Double> fit = new HashMap<>();

    @BeforeAll
    static void runOnCdnow() throws IOException {
        published = PublicDatasets.cdnowWarehouse(dir, AS_OF);
        for (List<String> row : published.rows("SELECT model || '.' || parameter, value FROM model_fit"
                + " WHERE model IN ('bg_nbd', 'gamma_gamma')")) {
            fit.put(row.get(0), row.get(1).equals("NULL") ? null : Double.valueOf(row.get(1)));
        }
    }

    @Test
    void bgNbdParametersAreThePublishedOnes() {
        // FHL 2005: r = 0.243, α = 4.414, a = 0.793, b = 2.426 (weeks)
        assertThat(fit.get("bg_nbd.r")).isCloseTo(0.243, within(0.015));
        assertThat(fit.get("bg_nbd.alpha")).isCloseTo(4.414, within(0.015));
        assertThat(fit.get("bg_nbd.a")).isCloseTo(0.793, within(0.015));
        assertThat(fit.get("bg_nbd.b")).isCloseTo(2.426, within(0.015));
        // fitted on the purchasers by D: the sample's 2,357 customers less those whose transactions by then
        // are all of $0 (not purchases, docs/contract.md §4.3)
        String purchasers = raw("SELECT count(DISTINCT customer) FROM p WHERE day <= DATE '1997-09-30'");
        assertThat(purchasers).isEqualTo("2349");
        assertThat(published.rows("SELECT DISTINCT time_unit, n_customers FROM model_fit WHERE model = 'bg_nbd'"))
                .containsExactly(List.of("week", purchasers));
        // the published log-likelihood of the fit is −9582.4 (on t_x and T rounded to 2 decimals)
        assertThat(Double.parseDouble(published
                        .rows("SELECT DISTINCT log_likelihood FROM model_fit WHERE model = 'bg_nbd'")
                        .get(0)
                        .get(0)))
                .isCloseTo(-9582.4, within(10.0));
    }

    @Test
    void conditionalExpectationOfThePapersExampleCustomer() {
        // FHL 2005, section 5: a customer with x = 2, t_x = 30.43, T = 38.86 is expected to make 1.226
        // purchases in the next 39 weeks
        BgNbdModel m =
                new BgNbdModel(fit.get("bg_nbd.r"), fit.get("bg_nbd.alpha"), fit.get("bg_nbd.a"), fit.get("bg_nbd.b"));
        assertThat(m.conditionalExpectedPurchases(39, 2, 30.43, 38.86)).isCloseTo(1.226, within(0.001));
    }

    @Test
    void gammaGammaParametersOnThe946RepeatBuyers() {
        // "RFM and CLV": p = 6.25, q = 3.74, γ = 15.44 on the 946 customers with repeat purchases
        assertThat(fit.get("gamma_gamma.p")).isCloseTo(6.25, within(0.015));
        assertThat(fit.get("gamma_gamma.q")).isCloseTo(3.74, within(0.015));
        assertThat(fit.get("gamma_gamma.v")).isCloseTo(15.44, within(0.015));
        assertThat(published.rows("SELECT DISTINCT n_customers FROM model_fit WHERE model = 'gamma_gamma'"))
                .containsExactly(List.of("946"));
        // and 946 is what the raw file says: customers with purchases on two or more days by 1997-09-30
        assertThat(raw("SELECT count(*) FROM (SELECT customer FROM p WHERE day <= DATE '1997-09-30'"
                        + " GROUP BY customer HAVING count(DISTINCT day) > 1)"))
                .isEqualTo("946");
    }

    @Test
    void everyPurchasersPredictionFollowsFromTheRawHistoryAndTheFit() {
        // x, t_x, T and the mean repeat-day value recomputed from the raw file; P(alive) by the model
        // class (to 1e-6: the published table holds the parameters to 9 decimals),
        // expected order value by the closed form (v + x·m̄)·p / (p·x + q − 1)
        BgNbdModel m =
                new BgNbdModel(fit.get("bg_nbd.r"), fit.get("bg_nbd.alpha"), fit.get("bg_nbd.a"), fit.get("bg_nbd.b"));
        double p = fit.get("gamma_gamma.p"), q = fit.get("gamma_gamma.q"), v = fit.get("gamma_gamma.v");
        Map<String, double[]> history = new HashMap<>();
        for (List<String> row : PublicDatasets.cdnowRawQuery("""
                WITH d AS (SELECT customer, day, sum(value) AS value FROM p WHERE day <= DATE '1997-09-30'
                           GROUP BY customer, day),
                     f AS (SELECT customer, min(day) AS first_day FROM d GROUP BY customer)
                SELECT d.customer, count(*) - 1, max(day) - first_day, DATE '1997-09-30' - first_day,
                       CAST(sum(CASE WHEN day > first_day THEN value END) AS DOUBLE) / nullif(count(*) - 1, 0)
                FROM d JOIN f USING (customer) GROUP BY d.customer, first_day""")) {
            history.put(row.get(0), new double[] {
                Double.parseDouble(row.get(1)),
                Double.parseDouble(row.get(2)) / 7,
                Double.parseDouble(row.get(3)) / 7,
                row.get(4).equals("NULL") ? 0 : Double.parseDouble(row.get(4))
            });
        }
        List<List<String>> predicted = published.rows("""
                SELECT customer_id, p_alive, expected_order_value, predicted_purchases_12m, predicted_clv_12m
                FROM mart_customer_value WHERE orders > 0""");
        assertThat(predicted).hasSize(2349).hasSameSizeAs(history.keySet());
        for (List<String> row : predicted) {
            double[] h = history.get(row.get(0));
            long x = (long) h[0];
            assertThat(Double.parseDouble(row.get(1)))
                    .as("p_alive of %s", row.get(0))
                    .isCloseTo(m.probabilityAlive(x, h[1], h[2]), within(1e-6));
            double eov = x > 0 ? (v + x * h[3]) * p / (p * x + q - 1) : p * v / (q - 1);
            assertThat(Double.parseDouble(row.get(2)))
                    .as("expected order value of %s", row.get(0))
                    .isCloseTo(eov, within(1e-6));
            assertThat(Double.parseDouble(row.get(3)))
                    .as("12-month purchases of %s", row.get(0))
                    .isCloseTo(m.conditionalExpectedPurchases(365.25 / 7, x, h[1], h[2]), within(1e-6));
            // CLV: the purchases expected in each month (a twelfth of 365.25 days) discounted at 1% a month
            double clv = 0;
            for (int month = 1; month <= 12; month++) {
                double inMonth = m.conditionalExpectedPurchases(month * 365.25 / 12 / 7, x, h[1], h[2])
                        - m.conditionalExpectedPurchases((month - 1) * 365.25 / 12 / 7, x, h[1], h[2]);
                clv += inMonth / Math.pow(1.01, month) * eov;
            }
            assertThat(Double.parseDouble(row.get(4)))
                    .as("CLV of %s", row.get(0))
                    .isCloseTo(clv, within(1e-6));
        }
    }

    @Test
    void bookValueIsTheSumOfPredictedClv() {
        assertThat(published.rows("SELECT book_value_basis, book_value FROM mart_book_of_business"))
                .containsExactly(published
                        .rows("SELECT 'predicted_clv_12m', CAST(sum(CAST(predicted_clv_12m AS"
                                + " DECIMAL(18,4))) AS DECIMAL(18,2)) FROM mart_customer_value")
                        .get(0));
    }

    private static String raw(String sql) {
        return PublicDatasets.cdnowRawQuery(sql).get(0).get(0);
    }
}
