package io.clientele.warehouse.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.clientele.warehouse.engine.DuckDbEngine;
import io.clientele.warehouse.engine.DuckDbSettings;
import io.clientele.warehouse.engine.Engine;
import io.clientele.warehouse.engine.ParquetDirectory;
import io.clientele.warehouse.layout.RunSettings;
import io.clientele.warehouse.layout.WarehouseLayout;
import io.clientele.warehouse.predict.CustomerSummaryReader.ForecastHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The forecast and backtest of docs/contract.md §4.19: the month sums against the conditional
 * expectation of Fader, Hardie &amp; Lee (2005, eq. 10) written out again here, independently of
 * {@link BgNbdModel} (its own power series for 2F1, checked against the paper's published
 * 1.226), at the CDNOW parameters; the month boundaries and the cutoff by hand; and the predict
 * step on small DuckDB fixtures where the models cannot be fitted: the night goes on, the
 * numbers are null, the reasons in model_fit, the backtest's actuals counted by hand.
 */
class MonthlyForecastTest {

    /** FHL 2005's CDNOW estimates (weeks). */
    private static final BgNbdModel CDNOW = new BgNbdModel(0.243, 4.414, 0.793, 2.426);

    /** "RFM and CLV"'s CDNOW spend estimates. */
    private static final GammaGammaModel SPEND = new GammaGammaModel(6.25, 3.74, 15.44);

    private static final ModelSettings WEEKS = ModelSettings.DEFAULTS;

    @TempDir
    Path dir;

    // ---------------------------------------------------------------- the maths

    @Test
    void theIndependentFormulaGivesThePapersExample() {
        // FHL 2005, section 5: x = 2, t_x = 30.43, T = 38.86 → 1.226 purchases in the next 39 weeks
        assertThat(expected(39, 2, 30.43, 38.86)).isCloseTo(1.226, within(0.0005));
        assertThat(expected(39, 2, 30.43, 38.86))
                .isCloseTo(CDNOW.conditionalExpectedPurchases(39, 2, 30.43, 38.86), within(1e-12));
    }

    @Test
    void monthBoundariesAndTheBacktestCutoff() {
        // D = 1997-09-30 is a month's last day: t_0 = 0, month 1 is October (31 days), the 12th
        // September 1998; Oct … Sep = 31+30+31+31+28+31+30+31+30+31+31+30 = 365 days
        LocalDate end = LocalDate.of(1997, 9, 30);
        assertThat(MonthlyForecast.daysToMonthEnd(end, 0)).isZero();
        assertThat(MonthlyForecast.daysToMonthEnd(end, 1)).isEqualTo(31);
        assertThat(MonthlyForecast.daysToMonthEnd(end, 2)).isEqualTo(61);
        assertThat(MonthlyForecast.daysToMonthEnd(end, 12)).isEqualTo(365);
        assertThat(MonthlyForecast.monthStart(end, 1)).isEqualTo("1997-10-01");
        assertThat(MonthlyForecast.monthStart(end, 12)).isEqualTo("1998-09-01");
        // D = 2024-03-15: the rest of March is 16 days, in no month; April ends 16 + 30 = 46 days on;
        // April 2024 … March 2025 are 365 days (February 2025 has 28) → t_12 = 381
        LocalDate mid = LocalDate.of(2024, 3, 15);
        assertThat(MonthlyForecast.daysToMonthEnd(mid, 0)).isEqualTo(16);
        assertThat(MonthlyForecast.daysToMonthEnd(mid, 1)).isEqualTo(46);
        assertThat(MonthlyForecast.daysToMonthEnd(mid, 12)).isEqualTo(381);
        assertThat(MonthlyForecast.monthStart(mid, 1)).isEqualTo("2024-04-01");
        // the cutoff: the last day of the third month before the last complete month
        //   2026-10-31: last complete October → cutoff 2026-07-31 (actuals Aug, Sep, Oct)
        //   2026-11-15: November is not complete, the last complete is October → 2026-07-31 too
        //   2024-02-29: February complete → 2023-11-30;  2024-03-15: February → 2023-11-30
        assertThat(MonthlyForecast.backtestCutoff(LocalDate.of(2026, 10, 31))).isEqualTo("2026-07-31");
        assertThat(MonthlyForecast.backtestCutoff(LocalDate.of(2026, 11, 15))).isEqualTo("2026-07-31");
        assertThat(MonthlyForecast.backtestCutoff(LocalDate.of(2024, 2, 29))).isEqualTo("2023-11-30");
        assertThat(MonthlyForecast.backtestCutoff(LocalDate.of(2024, 3, 15))).isEqualTo("2023-11-30");
    }

    @Test
    void eachMonthIsTheDifferenceOfTheConditionalExpectationsAtItsEnds() {
        // two histories (days): 3 customers like the paper's (x = 2, t_x = 213 d, T = 272 d) whose repeat
        // days were worth m̄ = 20, 35 and 50 (Σ x·m̄ = 2·20 + 2·35 + 2·50 = 210), and 5 one-time buyers of
        // 70 days ago
        List<ForecastHistory> histories =
                List.of(new ForecastHistory(0, 0, 70, 5, 0, 0), new ForecastHistory(2, 213, 272, 3, 3, 210));
        for (LocalDate end : List.of(LocalDate.of(1997, 9, 30), LocalDate.of(2024, 3, 15))) {
            List<MonthlyForecast.Month> months =
                    MonthlyForecast.forecast(CDNOW, Optional.of(SPEND), histories, end, 12, WEEKS);
            assertThat(months).hasSize(12);
            // Σ expected_order_value, by hand:
            //   the 3: (v + x·m̄)·p/(p·x + q − 1) summed = (3·15.44 + 210)·6.25/(2·6.25 + 3.74 − 1)
            //          = 256.32·6.25/15.24 = 1602/15.24 = 105.11811…
            //   the 5: the population mean p·v/(q − 1) = 6.25·15.44/2.74 = 35.21898 each
            double valuedThree = 1602 / 15.24;
            double populationMean = 96.5 / 2.74;
            assertThat(MonthlyForecast.orderValues(SPEND, histories.get(1))).isCloseTo(valuedThree, within(1e-9));
            assertThat(MonthlyForecast.orderValues(SPEND, histories.get(0)))
                    .isCloseTo(5 * populationMean, within(1e-9));
            double total = 0;
            for (int k = 1; k <= 12; k++) {
                double from = MonthlyForecast.daysToMonthEnd(end, k - 1) / 7.0;
                double to = MonthlyForecast.daysToMonthEnd(end, k) / 7.0;
                double repeat = expected(to, 2, 213 / 7.0, 272 / 7.0) - expected(from, 2, 213 / 7.0, 272 / 7.0);
                double once = expected(to, 0, 0, 10) - expected(from, 0, 0, 10);
                MonthlyForecast.Month m = months.get(k - 1);
                assertThat(m.month()).isEqualTo(end.withDayOfMonth(1).plusMonths(k));
                assertThat(m.monthsAhead()).isEqualTo(k);
                assertThat(m.customers()).isEqualTo(8);
                assertThat(m.expectedPurchases()).as("month %d", k).isCloseTo(3 * repeat + 5 * once, within(1e-12));
                assertThat(m.expectedRevenue())
                        .as("month %d", k)
                        .isCloseTo(repeat * valuedThree + once * 5 * populationMean, within(1e-9));
                total += m.expectedPurchases();
            }
            // the months add up to E[X(t_12)] − E[X(t_0)]: the 12 months cover (t_0, t_12] with no gap
            double t0 = MonthlyForecast.daysToMonthEnd(end, 0) / 7.0;
            double t12 = MonthlyForecast.daysToMonthEnd(end, 12) / 7.0;
            assertThat(total)
                    .isCloseTo(
                            3 * (expected(t12, 2, 213 / 7.0, 272 / 7.0) - expected(t0, 2, 213 / 7.0, 272 / 7.0))
                                    + 5 * (expected(t12, 0, 0, 10) - expected(t0, 0, 0, 10)),
                            within(1e-12));
        }
    }

    @Test
    void withoutTheSpendModelTheRevenueIsNull() {
        List<MonthlyForecast.Month> months = MonthlyForecast.forecast(
                CDNOW,
                Optional.empty(),
                List.of(new ForecastHistory(1, 10, 20, 2, 2, 60)),
                LocalDate.of(2024, 1, 31),
                3,
                WEEKS);
        assertThat(months).allSatisfy(m -> {
            assertThat(m.expectedPurchases()).isPositive();
            assertThat(m.expectedRevenue()).isNull();
        });
        assertThat(MonthlyForecast.unforecast(LocalDate.of(2024, 1, 31), 3, 7))
                .extracting(
                        MonthlyForecast.Month::month,
                        MonthlyForecast.Month::customers,
                        MonthlyForecast.Month::expectedPurchases)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(LocalDate.of(2024, 2, 1), 7L, null),
                        org.assertj.core.groups.Tuple.tuple(LocalDate.of(2024, 3, 1), 7L, null),
                        org.assertj.core.groups.Tuple.tuple(LocalDate.of(2024, 4, 1), 7L, null));
    }

    /**
     * E[X(t) | x, t_x, T] of FHL 2005 (eq. 10), as printed:
     * [(a+b+x−1)/(a−1)] · [1 − ((α+T)/(α+T+t))^(r+x) · 2F1(r+x, b+x; a+b+x−1; t/(α+T+t))]
     * ÷ [1 + δ(x&gt;0) · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)], the CDNOW parameters.
     */
    private static double expected(double t, long x, double tx, double age) {
        double r = 0.243, alpha = 4.414, a = 0.793, b = 2.426;
        if (t == 0) {
            return 0;
        }
        double z = t / (alpha + age + t);
        double numerator = (a + b + x - 1)
                / (a - 1)
                * (1 - Math.pow((alpha + age) / (alpha + age + t), r + x) * series(r + x, b + x, a + b + x - 1, z));
        double denominator = 1 + (x > 0 ? a / (b + x - 1) * Math.pow((alpha + age) / (alpha + tx), r + x) : 0);
        return numerator / denominator;
    }

    /** Gauss's 2F1(a, b; c; z) = Σ_j (a)_j (b)_j / (c)_j · z^j / j!, for 0 ≤ z &lt; 1. */
    private static double series(double a, double b, double c, double z) {
        double sum = 1;
        double term = 1;
        for (int j = 0; j < 10_000 && Math.abs(term) > 1e-18 * Math.abs(sum); j++) {
            term *= (a + j) * (b + j) / ((c + j) * (j + 1)) * z;
            sum += term;
        }
        return sum;
    }

    // ---------------------------------------------------------------- the predict step on DuckDB

    @Test
    void tooLittleHistoryBeforeTheCutoff() throws Exception {
        // D = 2024-03-15: the last complete month is February, so the cutoff is 2023-11-30 and the
        // backtest's months are December, January and February.
        //   A  2023-10-10 40.00 | 2023-12-05 20.00 + 5.00 (two orders, one purchase day, 25.00) | 2024-02-10 30.00
        //   B  2023-11-30 50.00 | 2024-01-15 cancelled 99.00 (no purchase) | 2024-01-20 10.00
        //   C  2023-12-01 70.00  first bought after the cutoff: not an existing customer of the backtest
        //   E  2024-03-01 15.00
        // As of the cutoff: A (x = 0) and B (x = 0), 2 customers, no repeat buyer → BG/NBD not fitted.
        // Actuals of A and B: December A 1 day 25.00; January B 1 day 10.00; February A 1 day 30.00.
        Result r = predict(LocalDate.of(2024, 3, 15), """
                ('O1', 'A', '2023-10-10', 'completed', 40.00), ('O2', 'A', '2023-12-05', 'completed', 20.00),
                ('O3', 'A', '2023-12-05', 'completed', 5.00), ('O4', 'A', '2024-02-10', 'completed', 30.00),
                ('O5', 'B', '2023-11-30', 'completed', 50.00), ('O6', 'B', '2024-01-15', 'cancelled', 99.00),
                ('O7', 'B', '2024-01-20', 'completed', 10.00), ('O8', 'C', '2023-12-01', 'completed', 70.00),
                ('O9', 'E', '2024-03-01', 'completed', 15.00)""");
        assertThat(r.backtest())
                .containsExactly(
                        List.of("2023-11-30", "2023-12-01", "1", "2", "NULL", "NULL", "1", "25.00"),
                        List.of("2023-11-30", "2024-01-01", "2", "2", "NULL", "NULL", "1", "10.00"),
                        List.of("2023-11-30", "2024-02-01", "3", "2", "NULL", "NULL", "1", "30.00"));
        assertThat(r.fit("forecast_backtest"))
                .containsExactly(List.of(
                        "not_fitted:no_repeat_buyers", "NULL", "2", "fitted on the histories up to 2023-11-30"));
        // the forecast made on D: April 2024 … March 2025, for the 4 customers of D, whatever the tiny fit gave
        assertThat(r.ahead()).hasSize(12);
        assertThat(r.ahead().get(0).subList(0, 3)).containsExactly("2024-03-15", "2024-04-01", "1");
        assertThat(r.ahead().get(11).subList(0, 3)).containsExactly("2024-03-15", "2025-03-01", "12");
        assertThat(r.ahead()).allSatisfy(row -> assertThat(row.subList(6, 8)).containsExactly("NULL", "NULL"));
        r.assertConsistentWithTheNightsFit(4);
    }

    @Test
    void aSingleMonthOfData() throws Exception {
        // D = 2024-03-31, every purchase in March 2024: the cutoff 2023-12-31 has no customer before it
        Result r = predict(LocalDate.of(2024, 3, 31), """
                ('O1', 'A', '2024-03-02', 'completed', 10.00), ('O2', 'A', '2024-03-20', 'completed', 12.00),
                ('O3', 'B', '2024-03-05', 'completed', 30.00), ('O4', 'C', '2024-03-28', 'completed', 8.00)""");
        assertThat(r.backtest())
                .containsExactly(
                        List.of("2023-12-31", "2024-01-01", "1", "0", "NULL", "NULL", "0", "0.00"),
                        List.of("2023-12-31", "2024-02-01", "2", "0", "NULL", "NULL", "0", "0.00"),
                        List.of("2023-12-31", "2024-03-01", "3", "0", "NULL", "NULL", "0", "0.00"));
        assertThat(r.fit("forecast_backtest"))
                .containsExactly(List.of(
                        "not_fitted:too_few_customers", "NULL", "0", "fitted on the histories up to 2023-12-31"));
        assertThat(r.ahead()).hasSize(12);
        assertThat(r.ahead().get(0).subList(0, 3)).containsExactly("2024-03-31", "2024-04-01", "1");
        r.assertConsistentWithTheNightsFit(3);
    }

    @Test
    void noPurchasesAtAll() throws Exception {
        // only a cancelled order: no customer_summary rows, nothing fitted, every number null or 0
        Result r = predict(LocalDate.of(2024, 3, 31), "('O1', 'A', '2024-03-02', 'cancelled', 10.00)");
        assertThat(r.ahead())
                .hasSize(12)
                .allSatisfy(row -> assertThat(row.subList(3, 8)).containsExactly("0", "NULL", "NULL", "NULL", "NULL"));
        assertThat(r.backtest())
                .hasSize(3)
                .allSatisfy(row -> assertThat(row.subList(3, 8)).containsExactly("0", "NULL", "NULL", "0", "0.00"));
        assertThat(r.fit("bg_nbd")).containsExactly(List.of("not_fitted:too_few_customers", "NULL", "0", "NULL"));
        assertThat(r.fit("forecast_backtest"))
                .containsExactly(List.of(
                        "not_fitted:too_few_customers", "NULL", "0", "fitted on the histories up to 2023-12-31"));
    }

    /** What the predict step wrote: forecast_monthly's rows (forward, backtest) and model_fit's. */
    private record Result(List<List<String>> ahead, List<List<String>> backtest, List<List<String>> fitRows) {

        /** model, parameter, value, n_customers, note of one model's rows. */
        List<List<String>> fit(String model) {
            return fitRows.stream()
                    .filter(row -> row.get(0).equals(model))
                    .map(row -> row.subList(1, 5))
                    .toList();
        }

        /** The forecast made on D is null exactly when the night's BG/NBD was not fitted, and never NaN. */
        void assertConsistentWithTheNightsFit(int customers) {
            boolean fitted = fit("bg_nbd").stream().noneMatch(row -> row.get(0).startsWith("not_fitted:"));
            for (List<String> row : ahead) {
                assertThat(row.get(4)).isNotEqualTo("NaN");
                assertThat(row.get(4).equals("NULL")).isEqualTo(!fitted);
                if (fitted) {
                    assertThat(row.get(3)).isEqualTo(Integer.toString(customers));
                    assertThat(Double.parseDouble(row.get(4))).isNotNegative();
                }
            }
        }
    }

    /**
     * Runs the predict step on DuckDB over a fact_order of {@code orders} (order_id, customer_id,
     * order_date, status, net_revenue; a purchase = completed and net &gt; 0) and no contracts.
     */
    private Result predict(LocalDate asOf, String orders) throws Exception {
        WarehouseLayout layout = new WarehouseLayout(dir.resolve("warehouse"));
        try (Engine engine = new DuckDbEngine(new DuckDbSettings("512MB", 2, dir.resolve("duckdb-tmp")))) {
            lakeTable(
                    engine,
                    "fact_order",
                    "SELECT order_id, customer_id, CAST(order_date AS DATE) AS order_date, status,"
                            + " CAST(net_revenue AS DECIMAL(18,4)) AS net_revenue,"
                            + " status = 'completed' AND net_revenue > 0 AS is_purchase"
                            + " FROM (VALUES " + orders
                            + ") o(order_id, customer_id, order_date, status, net_revenue)");
            lakeTable(
                    engine,
                    "fact_contract",
                    "SELECT DATE '2024-01-01' AS start_date, CAST(NULL AS DATE) AS end_date,"
                            + " CAST(NULL AS DATE) AS cancel_date WHERE false");
            // no lapse to value (the churn reasons' histories read it)
            lakeTable(
                    engine,
                    "fact_customer_month",
                    "SELECT 'x' AS customer_id, DATE '2024-01-01' AS month_start, false AS is_active,"
                            + " false AS is_complete WHERE false");
            new PredictiveModels(layout, new RunSettings(asOf, 180, 30, "salt"), WEEKS).build(engine);
        }
        Path forecast = layout.workPredictTable(asOf, "forecast_monthly");
        String columns = "CAST(history_end AS VARCHAR), CAST(month AS VARCHAR), months_ahead, customers,"
                + " expected_purchases, expected_revenue, actual_purchases, CAST(actual_revenue AS VARCHAR)";
        List<List<String>> ahead = rows("SELECT CAST(as_of_date AS VARCHAR), CAST(month AS VARCHAR), months_ahead,"
                + " customers, expected_purchases, expected_revenue, actual_purchases, actual_revenue FROM "
                + scan(forecast) + " WHERE NOT is_backtest ORDER BY month");
        List<List<String>> backtest =
                rows("SELECT " + columns + " FROM " + scan(forecast) + " WHERE is_backtest ORDER BY month");
        List<List<String>> fit = rows("SELECT model, parameter, value, n_customers, note FROM read_parquet("
                + ParquetDirectory.literal(layout.workModelFit(asOf).resolve("*.parquet"))
                + ", union_by_name = true) ORDER BY model, parameter");
        return new Result(ahead, backtest, fit);
    }

    private static String scan(Path table) {
        return "read_parquet(" + ParquetDirectory.literal(table.resolve("*.parquet")) + ")";
    }

    private static List<List<String>> rows(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            List<List<String>> rows = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    Object v = rs.getObject(i);
                    row.add(v == null ? "NULL" : v.toString());
                }
                rows.add(row);
            }
            return rows;
        }
    }

    private void lakeTable(Engine engine, String table, String select) throws Exception {
        Path file = dir.resolve("lake").resolve(table).resolve("part-0.parquet");
        Files.createDirectories(file.getParent());
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            s.execute("COPY (" + select + ") TO " + ParquetDirectory.literal(file) + " (FORMAT parquet)");
        }
        engine.registerParquet(table, file.getParent());
    }
}
