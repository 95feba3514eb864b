package io.clientele.jobs.predict;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.demo.DemoExtractGenerator;
import io.clientele.demo.DemoOptions;
import io.clientele.jobs.PublishedWarehouse;
import io.clientele.jobs.cli.ClienteleCli;
import io.clientele.warehouse.engine.DuckDbEngine;
import io.clientele.warehouse.engine.DuckDbSettings;
import io.clientele.warehouse.engine.Engine;
import io.clientele.warehouse.engine.SparkSettings;
import io.clientele.warehouse.predict.ChurnFit;
import io.clientele.warehouse.predict.ChurnPropensityModel;
import io.clientele.warehouse.predict.ChurnSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The churn propensity model (a logistic regression: in the JVM on a DuckDB night, Spark MLlib on
 * a Spark one) through the real nightly job:
 * on a generated demo extract (3,000 customers, three years up to D = 2026-10-31, default
 * inactivity of 180 days), where complaints drive churn, and on the twelve-customer fixture,
 * too small to fit anything.
 */
class ChurnPropensityTest {

    static final LocalDate D = LocalDate.of(2026, 10, 31);
    static final LocalDate F_TRAIN = D.minusDays(180);
    static final LocalDate F_HOLDOUT = D.minusDays(90);
    static final Path SMALL_FIXTURE =
            Path.of("src/test/resources/fixtures/three-months").toAbsolutePath();

    @TempDir
    static Path dir;

    static Path demoWarehouse;
    static PublishedWarehouse demo;

    @BeforeAll
    static void runTheDemoNight() throws IOException {
        Path inbox = dir.resolve("inbox");
        new DemoExtractGenerator().generate(inbox, new DemoOptions(3_000, 7, D));
        demoWarehouse = dir.resolve("warehouse");
        assertThat(ClienteleCli.execute(
                        "run",
                        "--date",
                        D.toString(),
                        "--inbox",
                        inbox.toString(),
                        "--warehouse",
                        demoWarehouse.toString()))
                .isZero();
        demo = new PublishedWarehouse(demoWarehouse);
    }

    @AfterEach
    void defaults() {
        System.clearProperty("clientele.models.churn");
    }

    private static Map<String, String> fit(PublishedWarehouse wh) {
        Map<String, String> values = new TreeMap<>();
        for (List<String> row : wh.rows("SELECT parameter, value FROM model_fit WHERE model = 'churn_logit'")) {
            values.put(row.get(0), row.get(1));
        }
        return values;
    }

    @Test
    void holdoutAucBeatsChanceAndRecencyAlone() {
        Map<String, String> fit = fit(demo);
        double auc = Double.parseDouble(fit.get("auc"));
        double baseline = Double.parseDouble(fit.get("auc_recency_baseline"));
        assertThat(auc).isGreaterThan(0.5).isGreaterThan(baseline).isLessThanOrEqualTo(1.0);
        assertThat(fit)
                .containsKeys(
                        "coef_intercept",
                        "coef_recency_days",
                        "coef_lapses_in_horizon",
                        "coef_frequency",
                        "coef_monetary",
                        "coef_tenure_days",
                        "coef_complaints_90d",
                        "coef_open_complaints_90d",
                        "coef_last_csat",
                        "coef_no_csat",
                        "coef_last_nps",
                        "coef_no_nps",
                        "coef_has_running_contract");
        assertThat(fit.keySet()).anyMatch(p -> p.startsWith("coef_channel_"));
        // Deterministic metadata: fitted at the end of D (a rerun writes the same table), no cohort.
        assertThat(demo.rows("""
                SELECT DISTINCT CAST(fitted_at AS VARCHAR), cohort, time_unit FROM model_fit
                WHERE model = 'churn_logit'""")).containsExactly(List.of("2026-10-31 23:59:59.999999", "NULL", "day"));
    }

    @Test
    void churnProbabilityIsGivenToTheActiveCustomersOnly() {
        // mart_customer_value's stages active, dissatisfied and won_back are the customers active on D.
        assertThat(demo.rows("""
                SELECT customer_id, lifecycle_stage, churn_probability FROM mart_customer_value
                WHERE (lifecycle_stage IN ('active', 'dissatisfied', 'won_back')
                       AND (churn_probability IS NULL OR churn_probability < 0 OR churn_probability > 1))
                   OR (lifecycle_stage NOT IN ('active', 'dissatisfied', 'won_back') AND churn_probability IS NOT NULL)
                LIMIT 5""")).isEmpty();
        String scored = demo.rows("SELECT count(churn_probability) FROM mart_customer_value")
                .get(0)
                .get(0);
        assertThat(Long.parseLong(scored)).isPositive();
        assertThat(fit(demo).get("scored_customers")).isEqualTo(scored);
        // Not one constant: the scores rank customers.
        assertThat(Double.parseDouble(
                        demo.rows("SELECT max(churn_probability) - min(churn_probability) FROM mart_customer_value")
                                .get(0)
                                .get(0)))
                .isGreaterThan(0.1);
    }

    /**
     * clientele.models.churn-training-rows below the windows' size: both fits train on a sample,
     * which the note says, and still every customer active on D is scored, as many as the
     * full night scored (the scoring never samples).
     */
    @Test
    void aTrainingCapBelowTheWindowStillFitsAndScoresEveryActiveCustomer() {
        Map<String, String> full = fit(demo);
        long trainCustomers = Long.parseLong(full.get("train_customers"));
        int cap = 400;
        assertThat(trainCustomers).isGreaterThan(2L * cap);
        Path out = dir.resolve("capped");
        ChurnFit capped;
        try (Engine duckdb = new DuckDbEngine(DuckDbSettings.defaults(dir.resolve("duckdb-tmp")))) {
            capped = new ChurnPropensityModel(SparkSettings.local(dir.resolve("spark-capped")))
                    .fit(
                            duckdb,
                            demoWarehouse.resolve("lake"),
                            D,
                            ChurnSettings.of(ChurnSettings.Mode.IN_PROCESS, 180, cap),
                            out);
        }
        assertThat(capped.fitted()).isTrue();
        assertThat(capped.note()).contains("a sample of about " + cap + " of " + trainCustomers + " customers");
        assertThat(capped.auc()).isGreaterThan(0.5).isLessThanOrEqualTo(1.0);
        assertThat(capped.scoredCustomers()).isEqualTo(Long.parseLong(full.get("scored_customers")));
        String scores = out.resolve("churn_scores").toString().replace("'", "''");
        assertThat(demo.rows("SELECT count(*), count(DISTINCT customer_id), count(*) FILTER (WHERE churn_probability"
                                + " BETWEEN 0 AND 1) FROM read_parquet('" + scores + "/*.parquet')")
                        .get(0))
                .containsOnly(full.get("scored_customers"));
    }

    /**
     * The two fitters on the same windows (the demo night's lake): the in-process fit, which the
     * night used, and Spark MLlib's minimise the same objective, so the AUCs agree within 0.005 and
     * every coefficient within 1e-3 (MLlib's L-BFGS stops at its tolerance, Newton's method at the
     * minimum), the counts exactly, and each customer's churn probability within 1e-3. MLlib
     * scoring with its kept fit (a night within clientele.models.churn-refit-days) gives exactly
     * what its fit gave. (The in-process trainer's reuse: ChurnRefitTest.)
     */
    @Test
    void inProcessAndMllibFitsAgreeOnTheSameWindows() {
        Path mllibOut = dir.resolve("mllib");
        Path reusedOut = dir.resolve("mllib-reuse");
        ChurnSettings settings = ChurnSettings.of(ChurnSettings.Mode.MLLIB, 180);
        try (Engine duckdb = new DuckDbEngine(DuckDbSettings.defaults(dir.resolve("duckdb-mllib")))) {
            ChurnPropensityModel model = new ChurnPropensityModel(SparkSettings.local(dir.resolve("spark-mllib")));
            ChurnFit mllib = model.fit(duckdb, demoWarehouse.resolve("lake"), D, settings, mllibOut);
            assertThat(mllib.fitted()).isTrue();
            // the same date again with that fit kept: MLlib scores with it (its transform of a model
            // built from the kept coefficients), as its own fit did
            ChurnFit reused = model.fit(
                    duckdb, demoWarehouse.resolve("lake"), D, settings, mllibOut.resolve("churn_fit"), reusedOut);
            assertThat(reused.note()).isEqualTo("scored with the fit of " + D);
            assertThat(reused.scoredCustomers())
                    .isEqualTo(mllib.scoredCustomers())
                    .isPositive();
        }
        for (String output : List.of("churn_scores", "model_fit")) {
            String fitted = mllibOut.resolve(output).toString().replace("'", "''");
            String kept = reusedOut.resolve(output).toString().replace("'", "''");
            assertThat(demo.rows("SELECT (SELECT count(*) FROM (SELECT * FROM read_parquet('" + fitted + "/*.parquet')"
                            + " EXCEPT ALL SELECT * FROM read_parquet('" + kept + "/*.parquet'))),"
                            + " (SELECT count(*) FROM (SELECT * FROM read_parquet('" + kept + "/*.parquet')"
                            + " EXCEPT ALL SELECT * FROM read_parquet('" + fitted + "/*.parquet')))"))
                    .as(output + ": rows only in the fit's, only in the reuse's")
                    .containsExactly(List.of("0", "0"));
        }
        Map<String, String> inProcess = fit(demo);
        Map<String, String> spark = new TreeMap<>();
        String fitFile =
                mllibOut.resolve("model_fit/churn_logit.parquet").toString().replace("'", "''");
        for (List<String> row : demo.rows("SELECT parameter, value FROM read_parquet('" + fitFile + "')")) {
            spark.put(row.get(0), row.get(1));
        }
        assertThat(spark.keySet()).isEqualTo(inProcess.keySet());
        for (String parameter : inProcess.keySet()) {
            double a = Double.parseDouble(inProcess.get(parameter));
            double b = Double.parseDouble(spark.get(parameter));
            double tolerance = parameter.startsWith("coef_") ? 1e-3 : parameter.startsWith("auc") ? 0.005 : 0;
            assertThat(a).as(parameter).isCloseTo(b, org.assertj.core.data.Offset.offset(tolerance));
        }
        String scores = mllibOut.resolve("churn_scores").toString().replace("'", "''");
        assertThat(demo.rows(
                                "SELECT count(*), count(m.customer_id), max(abs(m.churn_probability - s.churn_probability))"
                                        + " < 1e-3 FROM mart_customer_value m JOIN read_parquet('" + scores
                                        + "/*.parquet') s"
                                        + " USING (customer_id)")
                        .get(0))
                .containsExactly(inProcess.get("scored_customers"), inProcess.get("scored_customers"), "true");
    }

    /**
     * The windows' label counts against an independent count over the lake's fact Parquet,
     * written as the contract words it: active on d when a purchase falls in (d − 180, d] or a
     * contract covers d; churned when active on F and not on F + 90.
     */
    @Test
    void labelCountsEqualAnIndependentCountOverTheFactParquet() {
        Map<String, String> fit = fit(demo);
        assertThat(List.of(fit.get("train_customers"), fit.get("train_churned")))
                .isEqualTo(activeAndLost(F_TRAIN, F_HOLDOUT));
        assertThat(List.of(fit.get("holdout_customers"), fit.get("holdout_churned")))
                .isEqualTo(activeAndLost(F_HOLDOUT, D));
        assertThat(Long.parseLong(fit.get("train_churned"))).isPositive();
        assertThat(Long.parseLong(fit.get("holdout_churned"))).isPositive();
    }

    private List<String> activeAndLost(LocalDate from, LocalDate to) {
        List<String> row = demo.rows("SELECT count(*), count(*) FILTER (WHERE customer_id NOT IN (" + activeOn(to)
                        + ")) FROM (" + activeOn(from) + ")")
                .get(0);
        return row;
    }

    private static String activeOn(LocalDate day) {
        String lake = demoWarehouse.resolve("lake").toString().replace("'", "''");
        return "SELECT customer_id FROM read_parquet('" + lake + "/fact_order/**/*.parquet') WHERE is_purchase"
                + " AND order_date > DATE '" + day.minusDays(180) + "' AND order_date <= DATE '" + day + "'"
                + " UNION SELECT customer_id FROM read_parquet('" + lake + "/fact_contract/**/*.parquet')"
                + " WHERE start_date <= DATE '" + day + "' AND (end_date IS NULL OR end_date >= DATE '" + day + "')"
                + " AND (cancel_date IS NULL OR cancel_date >= DATE '" + day + "')";
    }

    @Test
    void tooLittleDataGivesNoScoresAndSaysWhy() {
        Path warehouse = dir.resolve("small");
        assertThat(ClienteleCli.execute(
                        "run",
                        "--date",
                        "2026-04-02",
                        "--inbox",
                        SMALL_FIXTURE.toString(),
                        "--warehouse",
                        warehouse.toString()))
                .isZero();
        PublishedWarehouse small = new PublishedWarehouse(warehouse);
        assertThat(small.rows("SELECT count(*), count(churn_probability) FROM mart_customer_value"))
                .containsExactly(List.of("12", "0"));
        // Twelve customers known on D: below the 100 a window needs.
        assertThat(small.rows("SELECT parameter, value, n_customers, note FROM model_fit WHERE model = 'churn_logit'"))
                .containsExactly(List.of("skipped", "NULL", "12", "not fitted: 12 customers known, fewer than 100"));
    }

    @Test
    void switchedOffGivesNoScoresAndSaysSo() {
        System.setProperty("clientele.models.churn", "off");
        Path warehouse = dir.resolve("off");
        assertThat(ClienteleCli.execute(
                        "run",
                        "--date",
                        "2026-04-02",
                        "--inbox",
                        SMALL_FIXTURE.toString(),
                        "--warehouse",
                        warehouse.toString()))
                .isZero();
        PublishedWarehouse off = new PublishedWarehouse(warehouse);
        assertThat(off.rows("SELECT count(*), count(churn_probability) FROM mart_customer_value"))
                .containsExactly(List.of("12", "0"));
        assertThat(off.rows("SELECT parameter, note FROM model_fit WHERE model = 'churn_logit'"))
                .containsExactly(List.of("skipped", "not fitted: clientele.models.churn is off"));
    }
}
