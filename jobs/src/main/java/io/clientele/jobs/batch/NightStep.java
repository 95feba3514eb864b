package io.clientele.jobs.batch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The steps of a night, in the order they run: the one list of them. The whole-night job, the
 * one-step jobs ({@code run --step}), the help of {@code run --step} and {@code run --list-steps}
 * are made from it, and the Airflow DAG is checked against it.
 *
 * <p>{@link #EXTRACT} is one step per source ({@code extract-<source>}); those may run in any
 * order, in parallel too. Every later step needs the one before it.
 */
public enum NightStep {
    /** Reads, validates and lands one source: {@code extract-<source>}, one step per source. */
    EXTRACT("extract-<source>"),
    /** Reconciles every source's extract and writes the landing files. */
    EXTRACT_LAND("extract-land"),
    STAGE("stage"),
    /** Builds the star schema (the warehouse's {@code star} package). */
    MODEL("model"),
    /** The customer-value models. */
    PREDICT("predict"),
    /** The churn propensity model. */
    PREDICT_CHURN("predict-churn"),
    MARTS("marts"),
    PUBLISH("publish"),
    CHECK("check");

    private static final String EXTRACT_PREFIX = "extract-";

    private final String stepName;

    NightStep(String stepName) {
        this.stepName = stepName;
    }

    /** The step's name as the JobRepository, {@code run --step} and the DAG know it ({@code extract-<source>} for EXTRACT). */
    public String stepName() {
        return stepName;
    }

    /** The extract step of one source. */
    public static String extractStep(String source) {
        return EXTRACT_PREFIX + source;
    }

    /** Whether {@code step} is the extract of one source (these may run in parallel). */
    public static boolean isSourceExtract(String step) {
        return step != null && step.startsWith(EXTRACT_PREFIX) && !step.equals(EXTRACT_LAND.stepName);
    }

    /** The steps after the extract, in order: each runs one stage of the warehouse pipeline. */
    public static List<NightStep> warehouseSteps() {
        return Arrays.stream(values())
                .filter(s -> s.ordinal() > EXTRACT_LAND.ordinal())
                .toList();
    }

    /** Every step of a night by name, in order, with one extract step per source (in the sources' order). */
    public static List<String> stepNames(List<String> sources) {
        List<String> names = new ArrayList<>();
        for (NightStep step : values()) {
            if (step == EXTRACT) {
                sources.forEach(source -> names.add(extractStep(source)));
            } else {
                names.add(step.stepName);
            }
        }
        return names;
    }
}
