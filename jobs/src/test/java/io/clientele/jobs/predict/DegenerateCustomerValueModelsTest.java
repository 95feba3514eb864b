package io.clientele.jobs.predict;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.jobs.PublishedWarehouse;
import io.clientele.jobs.cli.ClienteleCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data the models cannot be fitted on: the night still succeeds, model_fit says why, and the
 * predictive columns are NULL — never NaN, never a crash.
 */
class DegenerateCustomerValueModelsTest {

    static final String ORDERS = "order_id,customer_id,order_ts,channel,status,updated_at\n";
    static final String LINES = "order_id,line_no,product_id,quantity,unit_price,discount_amount\n";

    @TempDir
    Path dir;

    private PublishedWarehouse run(String orders, String lines, String contracts) throws IOException {
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        Files.writeString(inbox.resolve("orders.csv"), ORDERS + orders);
        Files.writeString(inbox.resolve("order_lines.csv"), LINES + lines);
        if (contracts != null) {
            Files.writeString(
                    inbox.resolve("contracts.csv"),
                    "contract_id,customer_id,product_id,start_date,end_date,cancelled_at,cancel_reason,monthly_fee,updated_at\n"
                            + contracts);
        }
        assertThat(ClienteleCli.execute(
                        "run",
                        "--date",
                        "2026-06-30",
                        "--inbox",
                        inbox.toString(),
                        "--warehouse",
                        dir.resolve("warehouse").toString()))
                .isZero();
        return new PublishedWarehouse(dir.resolve("warehouse"));
    }

    private static void assertNoPredictionsAndNoNaN(PublishedWarehouse published) {
        assertThat(published.rows("""
                SELECT count(*) FROM mart_customer_value
                WHERE predicted_purchases_12m IS NOT NULL OR p_alive IS NOT NULL OR predicted_clv_12m IS NOT NULL""")).containsExactly(List.of("0"));
        assertThat(published.rows("""
                SELECT count(*) FROM mart_customer_value
                WHERE isnan(predicted_purchases_12m) OR isnan(p_alive) OR isnan(expected_order_value)
                   OR isnan(predicted_clv_12m)""")).containsExactly(List.of("0"));
        assertThat(published.rows("SELECT count(*) FROM model_fit WHERE isnan(value) OR isnan(log_likelihood)"))
                .containsExactly(List.of("0"));
        assertThat(published.rows("SELECT book_value_basis FROM mart_book_of_business"))
                .containsOnly(List.of("historical_revenue_12m"));
        // value against cost (contract §4.16) without products, spend, complaints or surveys and with
        // less than 12 months: nulls and zeros, never NaN
        assertThat(published.rows("""
                SELECT count(*) FROM mart_customer_value
                WHERE compensation_paid <> 0 OR net_revenue <> revenue OR cost_of_goods IS NOT NULL
                   OR margin IS NOT NULL OR is_unprofitable""")).containsExactly(List.of("0"));
        assertThat(published.rows("""
                SELECT count(*) > 0, count(*) FILTER (WHERE marketing_spend IS NOT NULL OR cac IS NOT NULL
                           OR predicted_clv_12m IS NOT NULL OR revenue_12m_to_cac IS NOT NULL OR clv_to_cac IS NOT NULL
                           OR payback_months IS NOT NULL OR is_revenue_window_complete OR revenue_12m <= 0)
                FROM mart_acquisition_monthly""")).containsExactly(List.of("true", "0"));
        assertThat(published.rows("""
                SELECT csat_responses_12m, csat_avg_12m, csat_satisfied_pct_12m, nps_responses_12m, nps_12m
                FROM mart_book_of_business""")).containsOnly(List.of("0", "NULL", "NULL", "0", "NULL"));
        // the forecast (docs/contract.md §4.19): its 12 months and the backtest's 3, numbers null
        assertThat(published.rows("""
                SELECT is_backtest, count(*), count(expected_purchases), count(expected_revenue)
                FROM forecast_monthly GROUP BY ALL ORDER BY 1"""))
                .containsExactly(List.of("false", "12", "0", "0"), List.of("true", "3", "0", "0"));
    }

    @Test
    void oneCustomer() throws IOException {
        // one customer, three purchase days (a repeat buyer, but one customer identifies nothing)
        PublishedWarehouse published = run("""
                O1,C1,2026-01-05T10:00:00,web,completed,
                O2,C1,2026-02-05T10:00:00,web,completed,
                O3,C1,2026-04-05T10:00:00,web,completed,
                """, """
                O1,1,P,1,20.00,
                O2,1,P,1,30.00,
                O3,1,P,1,25.00,
                """, null);
        assertThat(published.rows("SELECT model, parameter, value, n_customers FROM model_fit ORDER BY model"))
                .containsExactlyInAnyOrder(
                        List.of("bg_nbd", "not_fitted:too_few_customers", "NULL", "1"),
                        List.of("gamma_gamma", "not_fitted:too_few_repeat_buyers", "NULL", "1"),
                        List.of("gamma_gamma", "excluded_nonpositive_days", "0", "1"),
                        // the backtest's cutoff is 2026-03-31 (June is complete): C1 alone bought by then
                        List.of("forecast_backtest", "not_fitted:too_few_customers", "NULL", "1"),
                        // too few customers for the churn model too: skipped, not a crash
                        List.of("churn_logit", "skipped", "NULL", "1"));
        assertThat(published.rows("SELECT customer_id, orders FROM mart_customer_value"))
                .containsExactly(List.of("C1", "3"));
        assertNoPredictionsAndNoNaN(published);
        // the backtest's actuals: C1's purchases in April, May and June 2026 (O3, 25.00, in April)
        assertThat(published.rows("""
                SELECT CAST(month AS VARCHAR), history_end, customers, actual_purchases, actual_revenue
                FROM forecast_monthly WHERE is_backtest ORDER BY month"""))
                .containsExactly(
                        List.of("2026-04-01", "2026-03-31", "1", "1", "25"),
                        List.of("2026-05-01", "2026-03-31", "1", "0", "0"),
                        List.of("2026-06-01", "2026-03-31", "1", "0", "0"));
    }

    @Test
    void noRepeatBuyersAndNoContractChurn() throws IOException {
        // three customers with one purchase day each (C2's two orders are on the same day; C3's second
        // order nets to zero: excluded and counted); one contract that never churned
        PublishedWarehouse published = run("""
                O1,C1,2026-01-05T10:00:00,web,completed,
                O2,C2,2026-02-05T10:00:00,web,completed,
                O3,C2,2026-02-05T18:00:00,web,completed,
                O4,C3,2026-03-01T10:00:00,web,completed,
                O5,C3,2026-04-01T10:00:00,web,completed,
                """, """
                O1,1,P,1,20.00,
                O2,1,P,1,30.00,
                O3,1,P,1,5.00,
                O4,1,P,1,40.00,
                O5,1,P,1,10.00,10.00
                """, "K1,C1,P,2026-01-10,,,,9.00,\n");
        assertThat(published.rows("SELECT model, parameter, value, n_customers, cohort FROM model_fit ORDER BY model"))
                .containsExactlyInAnyOrder(
                        List.of("bg_nbd", "not_fitted:no_repeat_buyers", "NULL", "3", "NULL"),
                        List.of("gamma_gamma", "not_fitted:too_few_repeat_buyers", "NULL", "0", "NULL"),
                        List.of("gamma_gamma", "excluded_nonpositive_days", "1", "0", "NULL"),
                        // as of the backtest's cutoff, 2026-03-31, the same three one-time buyers
                        List.of("forecast_backtest", "not_fitted:no_repeat_buyers", "NULL", "3", "NULL"),
                        List.of("sbg", "not_fitted:no_churn_observed", "NULL", "1", "2026-01"),
                        List.of("churn_logit", "skipped", "NULL", "3", "NULL"));
        assertNoPredictionsAndNoNaN(published);
        // the contract cohort still has its observed curve: alive at 2026-01-10 + 0 … 5 months (06-10 ≤ D)
        assertThat(published.rows("""
                SELECT period, cohort_size, contracts_alive, observed_survival, fitted_survival
                FROM mart_contract_retention ORDER BY period"""))
                .containsExactly(
                        List.of("0", "1", "1", "1", "NULL"), List.of("1", "1", "1", "1", "NULL"),
                        List.of("2", "1", "1", "1", "NULL"), List.of("3", "1", "1", "1", "NULL"),
                        List.of("4", "1", "1", "1", "NULL"), List.of("5", "1", "1", "1", "NULL"));
    }
}
