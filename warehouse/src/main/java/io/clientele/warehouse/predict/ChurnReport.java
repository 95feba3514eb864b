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
 * (customer_id, churn_probability), {@code model_fit/churn_logit.parquet} — the holdout AUCs,
 * the refit's coefficients and the windows' counts, or one {@code skipped} row saying why — and
 * {@code churn_fit/}, the fit kept for the next nights ({@link KeptChurnFit}); and the log lines
 * the night prints (under {@link ChurnPropensityModel}'s logger).
 */
final class ChurnReport {

    private static final Logger log = LoggerFactory.getLogger(ChurnPropensityModel.class);

    /** The kept fit of a night that fitted nothing has no definitions to compare: it is always refitted. */
    private static final String NO_FINGERPRINT = "none";

    private final Path scoresDir;
    private final Path fitFile;
    private final Path keptFitDir;
    private final LocalDate asOf;
    private final ChurnSettings settings;

    ChurnReport(Path outDir, LocalDate asOf, ChurnSettings settings) {
        this.scoresDir = outDir.resolve("churn_scores");
        this.fitFile = outDir.resolve("model_fit").resolve(ChurnPropensityModel.MODEL + ".parquet");
        this.keptFitDir = outDir.resolve(ChurnPropensityModel.KEPT_FIT);
        this.asOf = asOf;
        this.settings = settings;
    }

    /** No model: an empty churn_scores and a model_fit row {@code skipped} with the reason. */
    ChurnFit skipped(String reason, Long customers) {
        writeNoScores(scoresDir);
        ModelFitRow row = new ModelFitRow(
                ChurnPropensityModel.MODEL, KeptChurnFit.SKIPPED, null, "day", customers, null, null, reason);
        long written = ModelFitWriter.write(fitFile, asOf, List.of(row));
        KeptChurnFit.skipped(asOf, NO_FINGERPRINT, row).write(keptFitDir);
        log.info("predict churn_logit: {}", reason);
        return new ChurnFit(false, reason, null, null, 0, written, null);
    }

    /**
     * A kept fit scores tonight: its model_fit rows as they were (fitted_at the night it was fitted),
     * tonight's {@code scored_customers}, and the same fit kept for the next night.
     */
    ChurnFit reused(KeptChurnFit kept, ChurnTraining.Scoring scoring, FitTimings timings, long started) {
        long scored = scoring.writeTo(scoresDir);
        timings.lap("scoring and writing");
        List<ModelFitRow> rows = new ArrayList<>(kept.rows());
        rows.add(scoredRow(scored, kept.fitDate()));
        long written = ModelFitWriter.write(fitFile, kept.fitDate(), rows);
        kept.write(keptFitDir);
        log.info(
                "predict churn_logit: scored with the fit of {}: {} customers scored ({} ms)",
                kept.fitDate(),
                scored,
                (System.nanoTime() - started) / 1_000_000);
        log.info("predict churn_logit: time by part: {}", timings);
        Double auc = parameter(kept, "auc");
        Double baseline = parameter(kept, "auc_recency_baseline");
        String note = "scored with the fit of " + kept.fitDate();
        return new ChurnFit(true, note, auc, baseline, scored, written, kept.fitDate());
    }

    private static Double parameter(KeptChurnFit kept, String name) {
        return kept.rows().stream()
                .filter(r -> r.parameter().equals(name))
                .findFirst()
                .map(ModelFitRow::value)
                .orElse(null);
    }

    /**
     * A trained model: its scores, its model_fit rows, the fit kept for the next nights and the log
     * lines; {@code fingerprint} is its definitions', {@code why} the reason it was refitted,
     * {@code started} the fit's start.
     */
    ChurnFit fitted(
            ChurnFeatureWindows windows,
            ChurnTraining.Trained training,
            String fingerprint,
            String why,
            FitTimings timings,
            long started) {
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
        String refit =
                "refitted on features at " + holdoutDate + " (labels at " + asOf + sampleNote(holdoutCounts) + ")";
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
        KeptChurnFit.fitted(asOf, fingerprint, rows, windows.channels()).write(keptFitDir);
        rows.add(scoredRow(scored, asOf));
        long written = ModelFitWriter.write(fitFile, asOf, rows);
        log.info(
                "predict churn_logit: refitted ({}): holdout AUC {} (recency alone {}), {} customers scored ({} ms)",
                why,
                String.format(Locale.ROOT, "%.4f", auc),
                String.format(Locale.ROOT, "%.4f", baseline),
                scored,
                (System.nanoTime() - started) / 1_000_000);
        log.info("predict churn_logit: time by part: {}", timings);
        return new ChurnFit(true, windowsNote, auc, baseline, scored, written, asOf);
    }

    /** Tonight's scored customers, and which night's fit scored them. */
    private ModelFitRow scoredRow(long scored, LocalDate fitDate) {
        String note = "active on " + asOf + (fitDate.equals(asOf) ? "" : ", scored with the fit of " + fitDate);
        return row("scored_customers", (double) scored, scored, null, note);
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
