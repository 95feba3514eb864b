package io.clientele.jobs.predict;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.jobs.PublishedWarehouse;
import io.clientele.jobs.cli.ClienteleCli;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo night end to end: every model fitted, predictions for every purchaser, contract retention. */
class DemoCustomerValueModelsTest {

    @TempDir
    static Path warehouse;

    static PublishedWarehouse published;

    @BeforeAll
    static void demo() {
        assertThat(ClienteleCli.execute("demo", "--customers", "1000", "--warehouse", warehouse.toString()))
                .isZero();
        published = new PublishedWarehouse(warehouse);
    }

    @Test
    void everyModelIsInModelFitWithItsUnitAndLikelihood() {
        assertThat(published.rows("""
                SELECT model, parameter, time_unit FROM model_fit
                WHERE model IN ('bg_nbd', 'gamma_gamma') AND value > 0 AND log_likelihood < 0
                  AND n_customers > 0 AND fitted_at = TIMESTAMP '2026-10-31 23:59:59.999999'
                  AND parameter IN ('r', 'alpha', 'a', 'b', 'p', 'q', 'v')
                ORDER BY model, parameter"""))
                .containsExactly(
                        List.of("bg_nbd", "a", "week"),
                        List.of("bg_nbd", "alpha", "week"),
                        List.of("bg_nbd", "b", "week"),
                        List.of("bg_nbd", "r", "week"),
                        List.of("gamma_gamma", "p", "week"),
                        List.of("gamma_gamma", "q", "week"),
                        List.of("gamma_gamma", "v", "week"));
        // sBG: alpha and beta for each fitted contract cohort, in months, with its likelihood
        List<List<String>> sbg = published.rows("""
                SELECT cohort, count(*) FILTER (WHERE parameter IN ('alpha', 'beta') AND value > 0
                                                 AND log_likelihood < 0 AND time_unit = 'month')
                FROM model_fit WHERE model = 'sbg' AND parameter NOT LIKE 'not_fitted:%' GROUP BY cohort""");
        assertThat(sbg)
                .hasSizeGreaterThan(3)
                .allSatisfy(row -> assertThat(row.get(1)).isEqualTo("2"));
    }

    @Test
    void purchasersHavePredictionsAndProspectsNone() {
        // per group: customers, those missing a prediction, those with one
        List<List<String>> byGroup = published.rows("""
                SELECT orders > 0 AS purchaser, count(*),
                       count(*) FILTER (WHERE predicted_purchases_12m IS NULL OR p_alive IS NULL
                                        OR expected_order_value IS NULL OR predicted_clv_12m IS NULL),
                       count(*) FILTER (WHERE predicted_purchases_12m IS NOT NULL OR p_alive IS NOT NULL
                                        OR expected_order_value IS NOT NULL OR predicted_clv_12m IS NOT NULL)
                FROM mart_customer_value GROUP BY ALL ORDER BY 1""");
        assertThat(byGroup).hasSize(2);
        List<String> prospects = byGroup.get(0);
        List<String> purchasers = byGroup.get(1);
        assertThat(prospects.get(0)).isEqualTo("false");
        assertThat(prospects.get(3)).isEqualTo("0");
        assertThat(purchasers.get(0)).isEqualTo("true");
        assertThat(Long.parseLong(purchasers.get(1))).isGreaterThan(500);
        assertThat(purchasers.get(2)).isEqualTo("0");
        // and they are sensible numbers: probabilities, non-negative counts and money, no NaN
        assertThat(published.rows("""
                SELECT count(*) FROM mart_customer_value
                WHERE NOT (p_alive BETWEEN 0 AND 1) OR predicted_purchases_12m < 0 OR expected_order_value <= 0
                   OR predicted_clv_12m < 0 OR isnan(predicted_clv_12m) OR isnan(p_alive)""")).containsExactly(List.of("0"));
        // book value is the predicted CLV of the owner's customers
        assertThat(published.rows("SELECT DISTINCT book_value_basis FROM mart_book_of_business"))
                .containsExactly(List.of("predicted_clv_12m"));
    }

    @Test
    void contractRetentionCountsEqualAnIndependentCountOverFactContract() {
        // alive at period k: the contract still covers start + k months (end_date and a cancellation by D
        // end it), counted per cohort with DuckDB's own interval arithmetic over the lake view
        List<List<String>> expected = published.rows("""
                WITH c AS (SELECT date_trunc('month', start_date)::DATE AS cohort, start_date,
                                  least(coalesce(end_date, DATE '9999-12-31'),
                                        coalesce(cancel_date, DATE '9999-12-31')) AS stop
                           FROM fact_contract),
                     k AS (SELECT range AS period FROM range(0, 400))
                SELECT strftime(cohort, '%Y-%m'), period, count(*),
                       count(*) FILTER (WHERE (start_date + to_months(CAST(period AS INT)))::DATE <= stop)
                FROM c, k
                GROUP BY ALL
                HAVING max((start_date + to_months(CAST(period AS INT)))::DATE) <= DATE '2026-10-31'
                ORDER BY 1, 2""");
        List<List<String>> actual = published.rows("""
                SELECT strftime(cohort_month, '%Y-%m'), period, cohort_size, contracts_alive
                FROM mart_contract_retention ORDER BY 1, 2""");
        assertThat(expected).hasSizeGreaterThan(20);
        assertThat(actual).isEqualTo(expected);
        // the fitted curve starts at 1 and falls; retention is S(t) / S(t − 1)
        assertThat(published.rows("""
                SELECT count(*) FROM (
                    SELECT fitted_survival, fitted_retention, period,
                           lag(fitted_survival) OVER (PARTITION BY cohort_month ORDER BY period) AS before
                    FROM mart_contract_retention WHERE sbg_alpha IS NOT NULL)
                WHERE (period = 0 AND fitted_survival <> 1)
                   OR (period > 0 AND (fitted_survival > before OR abs(fitted_retention - fitted_survival / before) > 1e-12))""")).containsExactly(List.of("0"));
    }
}
