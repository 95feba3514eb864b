package io.clientele.warehouse.predict;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.clientele.warehouse.engine.ParquetDirectory;
import io.clientele.warehouse.engine.SparkSessionProvider;
import io.clientele.warehouse.engine.SparkSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.functions;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The churn model's training with Spark MLlib, for the Spark engine: the windows are read by a
 * session of their own on the shared SparkContext, the fits are MLlib's
 * {@code LogisticRegression} and the scores are written by Spark.
 */
final class MllibChurnTrainer implements ChurnTrainer {

    /** The windows are one row per customer: a couple of partitions hold a million. */
    static final int SHUFFLE_PARTITIONS = 2;

    private static final String FEATURES = "features";

    private final ChurnSettings settings;
    private final SparkSettings spark;

    MllibChurnTrainer(ChurnSettings settings, SparkSettings spark) {
        this.settings = settings;
        this.spark = spark;
    }

    @Override
    public ChurnTraining train(ChurnFeatureWindows windows, FitTimings timings) {
        SparkSession session = session();
        timings.lap("spark session");
        // Each window is computed once and kept: its label counts, the fit and the
        // evaluations all read the cached rows (LogisticRegression then caches nothing more).
        Dataset<Row> train =
                encode(read(session, windows.train()), windows.channels()).cache();
        Dataset<Row> holdout =
                encode(read(session, windows.holdout()), windows.channels()).cache();
        try {
            LabelCounts trainCounts = labelCounts(train);
            LabelCounts holdoutCounts = labelCounts(holdout);
            timings.lap("label counts");
            String thin = LabelCounts.tooThin(trainCounts, holdoutCounts, windows, settings);
            if (thin != null) {
                return new ChurnTraining.TooThin(thin, trainCounts.customers());
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
            Dataset<Row> scored = model.transform(encode(read(session, windows.current()), windows.channels()));
            return new ChurnTraining.Trained(
                    trainCounts,
                    holdoutCounts,
                    auc,
                    baseline,
                    model.intercept(),
                    model.coefficients().toArray(),
                    logLikelihood,
                    directory -> writeScores(scored, directory));
        } finally {
            train.unpersist();
            holdout.unpersist();
        }
    }

    /** Scores with a model built from the kept coefficients: MLlib's own transform, as for a refit. */
    @Override
    public ChurnTraining.Scoring scoring(Path current, List<String> channels, double intercept, double[] coefficients) {
        LogisticRegressionModel model = new LogisticRegressionModel(
                        Identifiable.randomUID("logreg"), Vectors.dense(coefficients), intercept)
                .setFeaturesCol(FEATURES);
        Dataset<Row> scored = model.transform(encode(read(session(), current), channels));
        return directory -> writeScores(scored, directory);
    }

    @Override
    public String kind() {
        return "mllib";
    }

    /** A session of its own, with few shuffle partitions, as a window is one row per customer; the engine's is untouched. */
    private SparkSession session() {
        SparkSession session = SparkSessionProvider.get(spark).newSession();
        session.conf().set("spark.sql.shuffle.partitions", String.valueOf(SHUFFLE_PARTITIONS));
        return session;
    }

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

    /**
     * A feature window as Spark reads it: one partition in customer order, so that the fit sums
     * in the same order whichever engine computed the window, and the coefficients (and scores)
     * are the same to the last digit.
     */
    private static Dataset<Row> read(SparkSession session, Path window) {
        return session.read()
                .parquet(window.toAbsolutePath().toString())
                .repartition(1)
                .sortWithinPartitions("customer_id");
    }

    /** The channel indicators and the feature vector, in the order of the coefficients. */
    private static Dataset<Row> encode(Dataset<Row> features, List<String> channels) {
        Dataset<Row> out = features;
        for (String channel : channels) {
            out = out.withColumn(
                    ChurnFeatures.channelColumn(channel),
                    when(col("acquisition_channel").equalTo(lit(channel)), lit(1.0))
                            .otherwise(lit(0.0)));
        }
        List<String> featureNames = ChurnFeatures.featureNames(channels);
        return new VectorAssembler()
                .setInputCols(featureNames.toArray(String[]::new))
                .setOutputCol(FEATURES)
                .transform(out);
    }

    private static LogisticRegression logit() {
        return new LogisticRegression()
                .setLabelCol(LABEL)
                .setFeaturesCol(FEATURES)
                .setRegParam(REG_PARAM)
                .setElasticNetParam(0.0)
                .setMaxIter(100);
    }

    private static double areaUnderRoc(Dataset<Row> scored, String scoreColumn) {
        // numBins 0: the exact area, not one over a curve down-sampled to 1000 points
        return new BinaryClassificationEvaluator()
                .setLabelCol(LABEL)
                .setRawPredictionCol(scoreColumn)
                .setMetricName("areaUnderROC")
                .setNumBins(0)
                .evaluate(scored);
    }

    /** P(churned) of a scored row: the second component of the probability vector. */
    private static Column churnProbability() {
        return functions.vector_to_array(col("probability"), "float64").getItem(1);
    }

    /** Σ y·log p + (1 − y)·log(1 − p) over the rows the model was fitted on. */
    private static double logLikelihood(Dataset<Row> scored) {
        Column p = greatest(least(churnProbability(), lit(1 - 1e-15)), lit(1e-15));
        Row r = scored.select(sum(col(LABEL)
                                .multiply(log(p))
                                .plus(lit(1.0).minus(col(LABEL)).multiply(log(lit(1.0).minus(p)))))
                        .as("ll"))
                .first();
        return r.getDouble(0);
    }

    /** How many customers a window has and how many of them were lost. */
    private static LabelCounts labelCounts(Dataset<Row> window) {
        Row r = window.agg(count(lit(1)), sum(col(LABEL))).first();
        return new LabelCounts(r.getLong(0), r.isNullAt(1) ? 0 : Math.round(r.getDouble(1)));
    }

    /** Writes the scores beside the target, then moves them into place; returns the rows written. */
    private static long writeScores(Dataset<Row> scored, Path directory) {
        Path fresh = ParquetDirectory.stagingSibling(directory);
        scored.select(col("customer_id"), churnProbability().as("churn_probability"))
                .write()
                .mode(SaveMode.Overwrite)
                .parquet(fresh.toString());
        ParquetDirectory.replace(directory, fresh);
        return scored.sparkSession().read().parquet(directory.toString()).count();
    }
}
