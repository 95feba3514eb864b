package io.clientele.warehouse.predict;

import java.util.Locale;

/**
 * How the churn propensity model runs.
 *
 * @param mode           which trainer fits it ({@link Mode}), or {@code OFF}
 * @param inactivityDays the activity definition's knob (docs/contract.md §4.4), shared with the marts
 * @param minCustomers   fewer labelled customers than this in a window and nothing is fitted
 * @param minPerClass    fewer churned (or retained) customers than this in a window and nothing is fitted
 * @param trainingRows   each fit uses at most this many customers of its window, a sample stratified by
 *                       label ({@code clientele.models.churn-training-rows}); 0 = the whole window
 * @param refitDays      a kept fit this many days old or older is refitted; younger, it scores the night
 *                       ({@code clientele.models.churn-refit-days}; 1 = refit every night)
 */
public record ChurnSettings(
        Mode mode, int inactivityDays, int minCustomers, int minPerClass, int trainingRows, int refitDays) {

    /** Days after the feature date within which a customer is lost or not: the label's window. */
    public static final int HORIZON_DAYS = 90;

    public static final int DEFAULT_MIN_CUSTOMERS = 100;
    public static final int DEFAULT_MIN_PER_CLASS = 10;
    /**
     * A logistic regression of ~30 coefficients learns as much from 200,000 customers as from a
     * million, so a larger window only costs time; see BENCHMARKS.md.
     */
    public static final int DEFAULT_TRAINING_ROWS = 200_000;
    /** The fit costs most of the step and moves little from one night to the next: weekly by default. */
    public static final int DEFAULT_REFIT_DAYS = 7;

    /** Who fits the model ({@code clientele.models.churn}). */
    public enum Mode {
        /** In the JVM on the DuckDB engine, Spark MLlib on the Spark engine. */
        AUTO,
        /** In the JVM whatever the engine: no Spark session. */
        IN_PROCESS,
        /** Spark MLlib whatever the engine: a local Spark session on a DuckDB night. */
        MLLIB,
        /** Not fitted: every churn_probability is null and model_fit says so. */
        OFF;

        /** {@code auto}, {@code in-process}, {@code mllib} or {@code off}, as written in application.yml. */
        public static Mode parse(String text) {
            String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
            return switch (t) {
                case "auto" -> AUTO;
                case "in-process" -> IN_PROCESS;
                case "mllib" -> MLLIB;
                case "off" -> OFF;
                default ->
                    throw new IllegalArgumentException(
                            "clientele.models.churn must be auto, in-process, mllib or off, got '" + text + "'");
            };
        }
    }

    public ChurnSettings {
        if (inactivityDays <= 0) {
            throw new IllegalArgumentException("inactivity-days must be positive, got " + inactivityDays);
        }
        if (trainingRows < 0) {
            throw new IllegalArgumentException(
                    "clientele.models.churn-training-rows must be 0 (no cap) or positive, got " + trainingRows);
        }
        if (refitDays < 1) {
            throw new IllegalArgumentException(
                    "clientele.models.churn-refit-days must be 1 (every night) or more, got " + refitDays);
        }
    }

    public static ChurnSettings of(Mode mode, int inactivityDays) {
        return of(mode, inactivityDays, DEFAULT_TRAINING_ROWS);
    }

    public static ChurnSettings of(Mode mode, int inactivityDays, int trainingRows) {
        return of(mode, inactivityDays, trainingRows, DEFAULT_REFIT_DAYS);
    }

    public static ChurnSettings of(Mode mode, int inactivityDays, int trainingRows, int refitDays) {
        return new ChurnSettings(
                mode, inactivityDays, DEFAULT_MIN_CUSTOMERS, DEFAULT_MIN_PER_CLASS, trainingRows, refitDays);
    }
}
