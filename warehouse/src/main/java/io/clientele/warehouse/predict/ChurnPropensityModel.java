package io.clientele.warehouse.predict;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.clientele.warehouse.engine.Engine;
import io.clientele.warehouse.engine.EngineException;
import io.clientele.warehouse.engine.ParquetDirectory;
import io.clientele.warehouse.engine.ParquetTarget;
import io.clientele.warehouse.engine.ResultTable;
import io.clientele.warehouse.engine.SparkSessionProvider;
import io.clientele.warehouse.engine.SparkSettings;
import io.clientele.warehouse.engine.SqlDialect;
import io.clientele.warehouse.engine.SqlTemplate;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The churn propensity model: a logistic regression (Spark MLlib) of "lost within the next
 * {@value ChurnSettings#HORIZON_DAYS} days" on what the star schema knew about an active
 * customer on a feature date F. The features are one SQL file,
 * {@code warehouse/sql/predict/churn_features.sql}, computed by the night's engine; the fit and
 * the scoring are Spark MLlib whatever engine runs the night.
 *
 * <p>Time-based holdout, so that nothing is judged on data it was fitted on:
 * <ul>
 * <li>fit on F = D − 180 (labels known on D − 90), judge on F = D − 90 (labels known on D):
 *     the reported {@code auc}, with {@code auc_recency_baseline} for recency alone;</li>
 * <li>refit the same specification on F = D − 90, the latest window whose labels are known, and
 *     score the customers active on D with their features at D. The coefficients reported are
 *     those of this refit; the AUC estimates how such a fit does one window ahead.</li>
 * </ul>
 *
 * <p>Writes {@code <outDir>/churn_scores/} (customer_id, churn_probability) and
 * {@code <outDir>/model_fit/churn_logit.parquet}. When it is off or the data too thin, it
 * writes an empty churn_scores and a model_fit row {@code skipped} saying why.
 */
public final class ChurnPropensityModel {

    public static final String MODEL = "churn_logit";
    /** The star schema tables the features read. */
    public static final List<String> LAKE_TABLES =
            List.of("dim_customer", "fact_order", "fact_contract", "fact_complaint", "fact_survey_response");
    /** The numeric features of churn_features.sql, in the order of the coefficients. */
    public static final List<String> NUMERIC_FEATURES = List.of("recency_days", "lapses_in_horizon", "frequency",
            "monetary", "tenure_days", "complaints_90d", "open_complaints_90d", "last_csat", "no_csat", "last_nps",
            "no_nps", "has_running_contract");
    /** Acquisition channels beyond the most common ones count as the reference channel. */
    static final int MAX_CHANNEL_INDICATORS = 20;
    /** The windows are one row per customer: a couple of partitions hold a million. */
    static final int SHUFFLE_PARTITIONS = 2;
    /** A light ridge penalty keeps the fit finite when a feature separates the classes. */
    static final double REG_PARAM = 0.01;

    private static final Logger log = LoggerFactory.getLogger(ChurnPropensityModel.class);
    private static final String LABEL = "churned";
    private static final String FEATURES = "features";

    private final SparkSettings spark;

    public ChurnPropensityModel(SparkSettings spark) {
        this.spark = spark;
    }

    /**
     * Fits the model on the star schema under {@code workLakeDir} (one Parquet directory per
     * table) as of {@code asOf}, and writes its outputs under {@code outDir}. The feature windows
     * are SQL, computed by {@code engine} (the night's engine: on a DuckDB night Spark then only
     * fits and scores) into Parquet under {@code outDir/churn_features}, removed afterwards.
     */
    public ChurnFit fit(Engine engine, Path workLakeDir, LocalDate asOf, ChurnSettings settings, Path outDir) {
        long started = System.nanoTime();
        Path scoresDir = outDir.resolve("churn_scores");
        Path fitFile = outDir.resolve("model_fit").resolve(MODEL + ".parquet");
        if (settings.mode() == ChurnSettings.Mode.OFF) {
            return skip(scoresDir, fitFile, asOf, "not fitted: clientele.models.churn is off", null);
        }
        List<String> missing = LAKE_TABLES.stream()
                .filter(t -> !ParquetDirectory.hasParquetFiles(workLakeDir.resolve(t))).toList();
        if (!missing.isEmpty()) {
            return skip(scoresDir, fitFile, asOf, "not fitted: no lake table " + String.join(", ", missing)
                    + " under " + workLakeDir, null);
        }
        long known = currentCustomers(workLakeDir.resolve("dim_customer"));
        if (known < settings.minCustomers()) {
            // too small to fit whatever the windows hold: say so without starting Spark
            return skip(scoresDir, fitFile, asOf, "not fitted: " + known + " customers known, fewer than "
                    + settings.minCustomers(), known);
        }
        LocalDate trainDate = asOf.minusDays(2L * ChurnSettings.HORIZON_DAYS);
        LocalDate holdoutDate = asOf.minusDays(ChurnSettings.HORIZON_DAYS);
        Timings timings = new Timings();
        for (String table : LAKE_TABLES) {
            engine.registerParquet(table, workLakeDir.resolve(table));
        }
        List<String> byCustomers = channelsByCustomers(engine);
        String reference = byCustomers.isEmpty() ? "unknown" : byCustomers.get(0);
        List<String> channels = byCustomers.subList(Math.min(1, byCustomers.size()), byCustomers.size());
        List<String> featureNames = new ArrayList<>(NUMERIC_FEATURES);
        channels.forEach(c -> featureNames.add(channelColumn(c)));
        Path featuresDir = outDir.resolve("churn_features");
        try {
            Path trainFeatures = features(engine, "train", trainDate, asOf, settings, featuresDir);
            Path holdoutFeatures = features(engine, "holdout", holdoutDate, asOf, settings, featuresDir);
            Path currentFeatures = features(engine, "current", asOf, asOf, settings, featuresDir);
            timings.lap("feature windows (" + engine.kind().name().toLowerCase(Locale.ROOT) + ")");
            // A session of its own on the shared SparkContext, with few shuffle partitions, as a
            // window is one row per customer; the engine's session is untouched.
            SparkSession session = SparkSessionProvider.get(spark).newSession();
            session.conf().set("spark.sql.shuffle.partitions", String.valueOf(SHUFFLE_PARTITIONS));
            timings.lap("spark session");
            return fit(session, asOf, settings, trainDate, holdoutDate, reference, channels, featureNames,
                    read(session, trainFeatures), read(session, holdoutFeatures), read(session, currentFeatures),
                    scoresDir, fitFile, timings, started);
        } finally {
            ParquetDirectory.deleteRecursively(featuresDir);
        }
    }

    private ChurnFit fit(SparkSession session, LocalDate asOf, ChurnSettings settings, LocalDate trainDate,
                         LocalDate holdoutDate, String reference, List<String> channels, List<String> featureNames,
                         Dataset<Row> trainFeatures, Dataset<Row> holdoutFeatures, Dataset<Row> currentFeatures,
                         Path scoresDir, Path fitFile, Timings timings, long started) {
        // Each window is computed once and kept: its label counts, the fit and the
        // evaluations all read the cached rows (LogisticRegression then caches nothing more).
        Dataset<Row> train = encode(trainFeatures, channels, featureNames).cache();
        Dataset<Row> holdout = encode(holdoutFeatures, channels, featureNames).cache();
        try {
            LabelCounts trainCounts = LabelCounts.of(train);
            LabelCounts holdoutCounts = LabelCounts.of(holdout);
            timings.lap("label counts");
            String thin = trainCounts.tooThin("training", trainDate, settings);
            if (thin == null) {
                thin = holdoutCounts.tooThin("holdout", holdoutDate, settings);
            }
            if (thin != null) {
                return skip(scoresDir, fitFile, asOf, "not fitted: " + thin, trainCounts.customers());
            }

            // Each fit sees at most trainingRows customers of its window; AUCs are judged on the whole holdout.
            Dataset<Row> trainSample = sample(train, trainCounts, settings.trainingRows());
            LogisticRegressionModel backtest = logit().fit(trainSample);
            timings.lap("backtest fit");
            double auc = areaUnderRoc(backtest.transform(holdout), "rawPrediction");
            double baseline = areaUnderRoc(holdout, "recency_days");
            timings.lap("holdout AUCs");

            Dataset<Row> holdoutSample = sample(holdout, holdoutCounts, settings.trainingRows());
            LogisticRegressionModel model = logit().fit(holdoutSample);
            double logLikelihood = logLikelihood(model.transform(holdoutSample));
            timings.lap("refit");
            Dataset<Row> current = encode(currentFeatures, channels, featureNames);
            long scored = writeScores(session, model.transform(current), scoresDir);
            timings.lap("scoring and writing");

            String windows = "fitted on features at " + trainDate + " (labels at " + holdoutDate
                    + sampleNote(trainCounts, settings) + "), judged on features at " + holdoutDate + " (labels at "
                    + asOf + ")";
            List<ModelFitRow> rows = new ArrayList<>();
            rows.add(row("auc", auc, holdoutCounts.customers(), null, windows));
            rows.add(row("auc_recency_baseline", baseline, holdoutCounts.customers(), null,
                    "recency_days alone, same holdout"));
            String refit = "refitted on features at " + holdoutDate + " (labels at " + asOf
                    + sampleNote(holdoutCounts, settings) + "), scores features at " + asOf;
            rows.add(row("coef_intercept", model.intercept(), holdoutCounts.customers(), logLikelihood, refit));
            double[] coefficients = model.coefficients().toArray();
            for (int i = 0; i < coefficients.length; i++) {
                rows.add(row("coef_" + featureNames.get(i), coefficients[i], holdoutCounts.customers(),
                        logLikelihood, i < NUMERIC_FEATURES.size() ? null
                                : "acquisition_channel = '" + channels.get(i - NUMERIC_FEATURES.size())
                                + "' vs '" + reference + "' (the most common)"));
            }
            rows.add(row("train_customers", (double) trainCounts.customers(), trainCounts.customers(), null,
                    "active on " + trainDate));
            rows.add(row("train_churned", (double) trainCounts.churned(), trainCounts.customers(), null,
                    "of them not active on " + holdoutDate));
            rows.add(row("holdout_customers", (double) holdoutCounts.customers(), holdoutCounts.customers(),
                    null, "active on " + holdoutDate));
            rows.add(row("holdout_churned", (double) holdoutCounts.churned(), holdoutCounts.customers(), null,
                    "of them not active on " + asOf));
            rows.add(row("scored_customers", (double) scored, scored, null, "active on " + asOf));
            long written = ModelFitWriter.write(fitFile, asOf, rows);
            log.info("predict churn_logit: holdout AUC {} (recency alone {}), {} customers scored ({} ms)",
                    String.format(Locale.ROOT, "%.4f", auc), String.format(Locale.ROOT, "%.4f", baseline), scored,
                    (System.nanoTime() - started) / 1_000_000);
            log.info("predict churn_logit: time by part: {}", timings);
            return new ChurnFit(true, windows, auc, baseline, scored, written);
        } finally {
            train.unpersist();
            holdout.unpersist();
        }
    }

    /** Seed of the training samples: the same night gives the same sample, hence the same coefficients. */
    static final long SAMPLE_SEED = 20_261_031L;

    /**
     * At most about {@code cap} customers of a window, the same share of churned and of retained ones
     * (a Bernoulli sample per label, in customer order, seeded); the window itself when it is smaller.
     */
    static Dataset<Row> sample(Dataset<Row> window, LabelCounts counts, int cap) {
        if (cap <= 0 || counts.customers() <= cap) {
            return window;
        }
        double share = (double) cap / counts.customers();
        return window.stat().sampleBy(LABEL, Map.of(0.0, share, 1.0, share), SAMPLE_SEED);
    }

    private static String sampleNote(LabelCounts counts, ChurnSettings settings) {
        return settings.trainingRows() > 0 && counts.customers() > settings.trainingRows()
                ? "; a sample of about " + settings.trainingRows() + " of " + counts.customers()
                + " customers, stratified by label"
                : "";
    }

    /** Wall time of the parts of a fit, for the log: where the minute goes. */
    private static final class Timings {
        private final StringBuilder parts = new StringBuilder();
        private long since = System.nanoTime();

        void lap(String part) {
            long now = System.nanoTime();
            parts.append(parts.length() == 0 ? "" : ", ").append(part).append(' ')
                    .append((now - since) / 1_000_000).append(" ms");
            since = now;
        }

        @Override
        public String toString() {
            return parts.toString();
        }
    }

    private ChurnFit skip(Path scoresDir, Path fitFile, LocalDate asOf, String reason, Long customers) {
        writeNoScores(scoresDir);
        long written = ModelFitWriter.write(fitFile, asOf,
                List.of(new ModelFitRow(MODEL, "skipped", null, "day", customers, null, null, reason)));
        log.info("predict churn_logit: {}", reason);
        return new ChurnFit(false, reason, null, null, 0, written);
    }

    /** An empty churn_scores table (no customer scored): the marts find it, with its schema, and need no Spark. */
    private static void writeNoScores(Path directory) {
        ParquetDirectory.deleteRecursively(directory);
        ParquetRowWriter.write(directory.resolve("part-0.parquet"), "customer_id VARCHAR, churn_probability DOUBLE",
                "customer_id, churn_probability", List.of());
    }

    /** Customers in dim_customer's current versions, counted with an in-memory DuckDB. */
    private static long currentCustomers(Path dimCustomer) {
        String files = ParquetDirectory.literal(dimCustomer.resolve("**").resolve("*.parquet"));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM read_parquet(" + files + ") WHERE is_current")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new EngineException("cannot read " + dimCustomer + ": " + e.getMessage(), e);
        }
    }

    private static ModelFitRow row(String parameter, double value, long customers, Double logLikelihood, String note) {
        return new ModelFitRow(MODEL, parameter, value, "day", customers, logLikelihood, null, note);
    }

    /**
     * The features of the customers active on {@code featureDate}, with their label when known by
     * {@code asOf}, computed by the engine into {@code featuresDir/<window>}.
     */
    private static Path features(Engine engine, String window, LocalDate featureDate, LocalDate asOf,
                                 ChurnSettings settings, Path featuresDir) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("feature_date", "DATE '" + featureDate + "'");
        parameters.put("as_of_date", "DATE '" + asOf + "'");
        parameters.put("horizon_days", Integer.toString(ChurnSettings.HORIZON_DAYS));
        parameters.put("inactivity_days", Integer.toString(settings.inactivityDays()));
        String sql = SqlTemplate.load("predict/churn_features.sql").render(engine.dialect(), parameters);
        Path target = featuresDir.resolve(window);
        String name = "churn_features_" + window;
        engine.materialize(name, sql, ParquetTarget.at(target));
        engine.drop(name);
        return target;
    }

    /**
     * A feature window as Spark reads it: one partition in customer order, so that the fit sums
     * in the same order whichever engine computed the window, and the coefficients (and scores)
     * are the same to the last digit.
     */
    private static Dataset<Row> read(SparkSession session, Path window) {
        return session.read().parquet(window.toAbsolutePath().toString()).repartition(1)
                .sortWithinPartitions("customer_id");
    }

    /**
     * The acquisition channels as of D, most customers first, at most one more than
     * {@link #MAX_CHANNEL_INDICATORS}: the first is the reference, each other gets an indicator.
     */
    private static List<String> channelsByCustomers(Engine engine) {
        ResultTable rows = engine.query("""
                SELECT COALESCE(LOWER(acquisition_channel), 'unknown') AS channel, COUNT(*) AS customers
                FROM dim_customer WHERE is_current
                GROUP BY COALESCE(LOWER(acquisition_channel), 'unknown')
                ORDER BY customers DESC, channel""");
        List<String> channels = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        for (List<Object> r : rows.rows()) {
            String channel = (String) r.get(0);
            String column = channelColumn(channel);
            // two spellings that clean up to one column name: the second counts as the reference
            if (!columns.contains(column) && !NUMERIC_FEATURES.contains(column)) {
                channels.add(channel);
                columns.add(column);
            }
            if (channels.size() > MAX_CHANNEL_INDICATORS) {
                break;
            }
        }
        return channels;
    }

    private static String channelColumn(String channel) {
        return "channel_" + channel.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    }

    private static Dataset<Row> encode(Dataset<Row> features, List<String> channels, List<String> featureNames) {
        Dataset<Row> out = features;
        for (String channel : channels) {
            out = out.withColumn(channelColumn(channel),
                    when(col("acquisition_channel").equalTo(lit(channel)), lit(1.0)).otherwise(lit(0.0)));
        }
        return new VectorAssembler().setInputCols(featureNames.toArray(String[]::new)).setOutputCol(FEATURES)
                .transform(out);
    }

    private static LogisticRegression logit() {
        return new LogisticRegression().setLabelCol(LABEL).setFeaturesCol(FEATURES)
                .setRegParam(REG_PARAM).setElasticNetParam(0.0).setMaxIter(100);
    }

    private static double areaUnderRoc(Dataset<Row> scored, String scoreColumn) {
        // numBins 0: the exact area, not one over a curve down-sampled to 1000 points
        return new BinaryClassificationEvaluator().setLabelCol(LABEL).setRawPredictionCol(scoreColumn)
                .setMetricName("areaUnderROC").setNumBins(0).evaluate(scored);
    }

    private static Column churnProbability() {
        return functions.vector_to_array(col("probability"), "float64").getItem(1);
    }

    /** Σ y·log p + (1 − y)·log(1 − p) over the rows the model was fitted on. */
    private static double logLikelihood(Dataset<Row> scored) {
        Column p = greatest(least(churnProbability(), lit(1 - 1e-15)), lit(1e-15));
        Row r = scored.select(sum(col(LABEL).multiply(log(p))
                .plus(lit(1.0).minus(col(LABEL)).multiply(log(lit(1.0).minus(p))))).as("ll")).first();
        return r.getDouble(0);
    }

    private static long writeScores(SparkSession session, Dataset<Row> scored, Path directory) {
        Path fresh = ParquetDirectory.stagingSibling(directory);
        scored.select(col("customer_id"), churnProbability().as("churn_probability"))
                .write().mode(SaveMode.Overwrite).parquet(fresh.toString());
        ParquetDirectory.replace(directory, fresh);
        return session.read().parquet(directory.toString()).count();
    }

    /** How many customers a window has and how many of them were lost. */
    record LabelCounts(long customers, long churned) {

        static LabelCounts of(Dataset<Row> window) {
            Row r = window.agg(count(lit(1)), sum(col(LABEL))).first();
            return new LabelCounts(r.getLong(0), r.isNullAt(1) ? 0 : Math.round(r.getDouble(1)));
        }

        /** Why the window cannot be fitted on or judged by, or null when it can. */
        String tooThin(String window, LocalDate featureDate, ChurnSettings settings) {
            if (customers < settings.minCustomers()) {
                return "the " + window + " window (active on " + featureDate + ") has " + customers
                        + " customers, fewer than " + settings.minCustomers();
            }
            if (churned < settings.minPerClass() || customers - churned < settings.minPerClass()) {
                return "the " + window + " window (active on " + featureDate + ") has " + churned + " churned and "
                        + (customers - churned) + " retained customers, fewer than " + settings.minPerClass()
                        + " of a kind";
            }
            return null;
        }
    }
}
