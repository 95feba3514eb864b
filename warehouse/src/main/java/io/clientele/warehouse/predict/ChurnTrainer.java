package io.clientele.warehouse.predict;

import java.nio.file.Path;
import java.util.List;

/**
 * Fits the churn model on the feature windows: a ridge-penalised logistic regression of the label
 * on the features, fitted on the training window and judged on the holdout (AUC, and recency
 * alone's AUC), then refitted on the holdout window, whose model scores the current window. Two
 * implementations fit the same objective: {@link InProcessChurnTrainer} in the JVM (the default
 * on the DuckDB engine, no Spark) and {@link MllibChurnTrainer} with Spark MLlib (the Spark engine).
 */
interface ChurnTrainer {

    /** A light ridge penalty (MLlib's regParam) keeps the fit finite when a feature separates the classes. */
    double REG_PARAM = 0.01;
    /** Seed of the training samples: the same night gives the same sample, hence the same coefficients. */
    long SAMPLE_SEED = 20_261_031L;
    /** The windows' label column. */
    String LABEL = "churned";

    /** Trains on {@code windows}; laps {@code timings} after each part. */
    ChurnTraining train(ChurnFeatureWindows windows, FitTimings timings);

    /**
     * Scores the window {@code current} with a kept fit, as this trainer scores its own refit: the
     * same churn_probability a fit with these coefficients gives.
     *
     * @param channels     the channels with an indicator, in the coefficients' order
     * @param coefficients in the order of {@link ChurnFeatures#featureNames(List)}
     */
    ChurnTraining.Scoring scoring(Path current, List<String> channels, double intercept, double[] coefficients);

    /** Which trainer this is ({@code in-process} or {@code mllib}): a kept fit is refitted by another. */
    String kind();
}
