package io.clientele.jobs.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.clientele.demo.DemoExtractGenerator;
import io.clientele.demo.DemoOptions;
import io.clientele.jobs.PublishedWarehouse;
import io.clientele.jobs.WarehouseCopy;
import io.clientele.jobs.cli.ClienteleCli;
import io.clientele.warehouse.engine.SqlDialect;
import io.clientele.warehouse.engine.SqlTemplate;
import io.clientele.warehouse.predict.ChurnPropensityModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The churn model's refit schedule ({@code clientele.models.churn-refit-days}, default 7) through
 * real nights on a demo extract (600 customers up to D = 2026-10-31, run again on later dates):
 * a night within the schedule scores with the kept fit — the same model_fit rows, fitted_at
 * included, and each churn_probability the logistic function of the kept coefficients and the
 * night's features, both computed here — while a fit refit-days old, a changed definition or
 * refit-days = 1 refits. (Spark MLlib's scoring with a kept fit: ChurnPropensityTest.)
 */
class ChurnRefitTest {

    static final LocalDate D = LocalDate.of(2026, 10, 31);

    @TempDir
    static Path dir;

    static Path inbox;
    /** The warehouse after night D alone: each test copies it. */
    static Path firstNight;

    @BeforeAll
    static void firstNight() throws IOException {
        inbox = dir.resolve("inbox");
        new DemoExtractGenerator().generate(inbox, new DemoOptions(600, 7, D));
        firstNight = dir.resolve("first-night");
        Files.createDirectories(firstNight.resolve("meta"));
        Files.writeString(firstNight.resolve("meta/pii-salt"), "same-salt");
        night(firstNight, D);
        assertThat(fittedAt(firstNight)).isEqualTo(D);
    }

    @AfterEach
    void defaults() {
        System.clearProperty("clientele.models.churn-refit-days");
        System.clearProperty("clientele.inactivity-days");
    }

    @Test
    void aNightWithinTheScheduleScoresWithTheKeptFitAndOneRefitDaysLaterRefits() throws Exception {
        Path warehouse = copy(firstNight, "weekly");
        List<List<String>> fitOfD = fitRows(warehouse);

        LocalDate reuse = D.plusDays(3);
        night(warehouse, reuse);
        assertThat(fitRows(warehouse)).isEqualTo(fitOfD);
        assertThat(fittedAt(warehouse)).isEqualTo(D);
        assertThat(
                        new PublishedWarehouse(warehouse)
                                .rows(
                                        "SELECT note FROM model_fit WHERE model = 'churn_logit' AND parameter = 'scored_customers'"))
                .containsExactly(List.of("active on " + reuse + ", scored with the fit of " + D));
        assertScoresAreTheKeptFitsLogit(warehouse, reuse);

        night(warehouse, D.plusDays(7));
        assertThat(fittedAt(warehouse)).isEqualTo(D.plusDays(7));
    }

    @Test
    void aChangedDefinitionRefitsOnTheNextNight() throws IOException {
        Path warehouse = copy(firstNight, "changed");
        System.setProperty("clientele.inactivity-days", "150");
        night(warehouse, D.plusDays(1));
        assertThat(fittedAt(warehouse)).isEqualTo(D.plusDays(1));
    }

    @Test
    void refitDaysOneFitsEveryNight() throws IOException {
        Path warehouse = copy(firstNight, "nightly");
        System.setProperty("clientele.models.churn-refit-days", "1");
        night(warehouse, D.plusDays(1));
        assertThat(fittedAt(warehouse)).isEqualTo(D.plusDays(1));
    }

    /**
     * Each churn_probability of the published night equals 1 / (1 + exp(−(b₀ + Σ bⱼ xⱼ))) with the
     * coefficients of model_fit and the features of churn_features.sql's window at {@code day},
     * run here over the published lake views; the channel indicators encoded here from the
     * coefficients' names.
     */
    private static void assertScoresAreTheKeptFitsLogit(Path warehouse, LocalDate day) throws SQLException {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("feature_date", "DATE '" + day + "'");
        parameters.put("as_of_date", "DATE '" + day + "'");
        parameters.put("horizon_days", "90");
        parameters.put("inactivity_days", "180");
        String features = SqlTemplate.load("predict/churn_features.sql").render(new SqlDialect.DuckDb(), parameters);
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        try (Connection c =
                        DriverManager.getConnection("jdbc:duckdb:" + warehouse.resolve("clientele.duckdb"), readOnly);
                Statement s = c.createStatement()) {
            Map<String, Double> coefficients = new HashMap<>();
            try (ResultSet r = s.executeQuery(
                    "SELECT parameter, value FROM model_fit WHERE model = 'churn_logit' AND parameter LIKE 'coef_%'")) {
                while (r.next()) {
                    coefficients.put(r.getString(1).substring("coef_".length()), r.getDouble(2));
                }
            }
            assertThat(coefficients).containsKeys("intercept", "recency_days", "has_running_contract");
            int compared = 0;
            try (ResultSet r = s.executeQuery("SELECT f.*, m.churn_probability FROM (" + features
                    + ") f FULL JOIN (SELECT customer_id, churn_probability FROM mart_customer_value"
                    + " WHERE churn_probability IS NOT NULL) m USING (customer_id) ORDER BY customer_id")) {
                while (r.next()) {
                    double margin = coefficients.get("intercept");
                    for (String feature : ChurnPropensityModel.NUMERIC_FEATURES) {
                        margin += coefficients.get(feature) * r.getDouble(feature);
                    }
                    String channel =
                            "channel_" + r.getString("acquisition_channel").replaceAll("[^a-z0-9]+", "_");
                    margin += coefficients.getOrDefault(channel, 0.0);
                    double expected = 1 / (1 + Math.exp(-margin));
                    double actual = r.getDouble("churn_probability");
                    assertThat(r.wasNull())
                            .as(r.getString("customer_id") + " scored")
                            .isFalse();
                    assertThat(actual).as(r.getString("customer_id")).isCloseTo(expected, within(1e-12));
                    compared++;
                }
            }
            assertThat(compared).isGreaterThan(100);
        }
    }

    private static void night(Path warehouse, LocalDate date) {
        assertThat(ClienteleCli.execute(
                        "run",
                        "--date",
                        date.toString(),
                        "--inbox",
                        inbox.toString(),
                        "--warehouse",
                        warehouse.toString()))
                .as("night " + date)
                .isZero();
    }

    /** The churn fit's model_fit rows, all columns, but tonight's scored_customers. */
    private static List<List<String>> fitRows(Path warehouse) {
        List<List<String>> rows = new PublishedWarehouse(warehouse)
                .rows("SELECT * FROM model_fit WHERE model = 'churn_logit' AND parameter <> 'scored_customers'"
                        + " ORDER BY parameter");
        assertThat(rows).hasSizeGreaterThan(15);
        return rows;
    }

    private static LocalDate fittedAt(Path warehouse) {
        List<List<String>> at = new PublishedWarehouse(warehouse)
                .rows("SELECT DISTINCT CAST(CAST(fitted_at AS DATE) AS VARCHAR) FROM model_fit"
                        + " WHERE model = 'churn_logit'");
        assertThat(at).hasSize(1);
        return LocalDate.parse(at.get(0).get(0));
    }

    private static Path copy(Path from, String name) throws IOException {
        Path to = dir.resolve(name);
        WarehouseCopy.copyTree(from, to);
        return to;
    }
}
