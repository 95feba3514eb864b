package io.clientele.warehouse.predict;

import io.clientele.warehouse.engine.ParquetDirectory;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The churn model's outputs under the run's predict directory: {@code churn_scores/}
 * (customer_id, churn_probability) and {@code model_fit/churn_logit.parquet} — the holdout AUCs,
 * the refit's coefficients and the windows' counts, or one {@code skipped} row saying why — and
 * the log lines the night prints (under {@link ChurnPropensityModel}'s logger).
 */
final class ChurnReport {

    private static final Logger log = LoggerFactory.getLogger(ChurnPropensityModel.class);

    private final Path scoresDir;
    private final Path fitFile;
    private final LocalDate asOf;
    private final ChurnSettings settings;

    ChurnReport(Path outDir, LocalDate asOf, ChurnSettings settings) {
        this.scoresDir = outDir.resolve("churn_scores");
        this.fitFile = outDir.resolve("model_fit").resolve(ChurnPropensityModel.MODEL + ".parquet");
        this.asOf = asOf;
        this.settings = settings;
    }

    /** No model: an empty churn_scores and a model_fit row {@code skipped} with the reason. */
    ChurnFit skipped(String reason, Long customers) {
        writeNoScores(scoresDir);
        long written = ModelFitWriter.write(
                fitFile,
                asOf,
                List.of(new ModelFitRow(
                        ChurnPropensityModel.MODEL, "skipped", null, "day", customers, null, null, reason)));
        log.info("predict churn_logit: {}", reason);
        return new ChurnFit(false, reason, null, null, 0, written);
    }

    /** A trained model: its scores, its model_fit rows and the log lines; {@code started} is the fit's start. */
    ChurnFit fitted(ChurnFeatureWindows windows, ChurnTraining.Trained training, FitTimings timings, long started) {
        long scored = training.scoring().writeTo(scoresDir);
        timings.lap("scoring and writing");

        LabelCounts trainCounts = training.train();
        LabelCounts holdoutCounts = training.holdout();
        LocalDate trainDate = windows.trainDate();
        LocalDate holdoutDate = windows.holdoutDate();
        double auc = training.auc();
        double baseline = training.recencyBaseline();
        double logLikelihood = training.logLikelihood();
        String windowsNote = "fitted on features at " + trainDate + " (labels at " + holdoutDate
                + sampleNote(trainCounts) + "), judged on features at " + holdoutDate + " (labels at "
                + asOf + ")";
        List<ModelFitRow> rows = new ArrayList<>();
        rows.add(row("auc", auc, holdoutCounts.customers(), null, windowsNote));
        rows.add(row(
                "auc_recency_baseline", baseline, holdoutCounts.customers(), null, "recency_days alone, same holdout"));
        String refit = "refitted on features at " + holdoutDate + " (labels at " + asOf + sampleNote(holdoutCounts)
                + "), scores features at " + asOf;
        rows.add(row("coef_intercept", training.intercept(), holdoutCounts.customers(), logLikelihood, refit));
        double[] coefficients = training.coefficients();
        int numeric = ChurnPropensityModel.NUMERIC_FEATURES.size();
        for (int i = 0; i < coefficients.length; i++) {
            rows.add(row(
                    "coef_" + windows.featureNames().get(i),
                    coefficients[i],
                    holdoutCounts.customers(),
                    logLikelihood,
                    i < numeric
                            ? null
                            : "acquisition_channel = '" + windows.channels().get(i - numeric) + "' vs '"
                                    + windows.reference() + "' (the most common)"));
        }
        rows.add(row(
                "train_customers",
                (double) trainCounts.customers(),
                trainCounts.customers(),
                null,
                "active on " + trainDate));
        rows.add(row(
                "train_churned",
                (double) trainCounts.churned(),
                trainCounts.customers(),
                null,
                "of them not active on " + holdoutDate));
        rows.add(row(
                "holdout_customers",
                (double) holdoutCounts.customers(),
                holdoutCounts.customers(),
                null,
                "active on " + holdoutDate));
        rows.add(row(
                "holdout_churned",
                (double) holdoutCounts.churned(),
                holdoutCounts.customers(),
                null,
                "of them not active on " + asOf));
        rows.add(row("scored_customers", (double) scored, scored, null, "active on " + asOf));
        long written = ModelFitWriter.write(fitFile, asOf, rows);
        log.info(
                "predict churn_logit: holdout AUC {} (recency alone {}), {} customers scored ({} ms)",
                String.format(Locale.ROOT, "%.4f", auc),
                String.format(Locale.ROOT, "%.4f", baseline),
                scored,
                (System.nanoTime() - started) / 1_000_000);
        log.info("predict churn_logit: time by part: {}", timings);
        return new ChurnFit(true, windowsNote, auc, baseline, scored, written);
    }

    private String sampleNote(LabelCounts counts) {
        return settings.trainingRows() > 0 && counts.customers() > settings.trainingRows()
                ? "; a sample of about " + settings.trainingRows() + " of " + counts.customers()
                        + " customers, stratified by label"
                : "";
    }

    private static ModelFitRow row(String parameter, double value, long customers, Double logLikelihood, String note) {
        return new ModelFitRow(
                ChurnPropensityModel.MODEL, parameter, value, "day", customers, logLikelihood, null, note);
    }

    /** An empty churn_scores table (no customer scored): the marts find it, with its schema, and need no Spark. */
    private static void writeNoScores(Path directory) {
        ParquetDirectory.deleteRecursively(directory);
        ParquetRowWriter.write(
                directory.resolve("part-0.parquet"),
                "customer_id VARCHAR, churn_probability DOUBLE",
                "customer_id, churn_probability",
                List.of());
    }
}
