package io.clientele.warehouse.predict;

import io.clientele.warehouse.catalog.Catalog;
import io.clientele.warehouse.engine.Engine;
import io.clientele.warehouse.engine.EngineKind;
import io.clientele.warehouse.engine.ParquetDirectory;
import io.clientele.warehouse.engine.SparkSettings;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The churn propensity model: a ridge-penalised logistic regression of "lost within the next
 * {@value ChurnSettings#HORIZON_DAYS} days" on what the star schema knew about an active
 * customer on a feature date F. The features are one SQL file,
 * {@code warehouse/sql/predict/churn_features.sql}, computed by the night's engine; the fit and
 * the scoring are in the JVM on the DuckDB engine ({@link InProcessChurnTrainer}) and Spark MLlib
 * on the Spark engine ({@link MllibChurnTrainer}), unless {@code clientele.models.churn} says which.
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
 * <p>The fit is kept ({@link KeptChurnFit}) and refitted on a schedule
 * ({@link ChurnRefitSchedule}, {@code clientele.models.churn-refit-days}): a night within it
 * computes the current window alone and scores with the kept coefficients, as the trainer scores
 * its own refit, and its model_fit rows are the kept fit's.
 *
 * <p>Writes {@code <outDir>/churn_scores/} (customer_id, churn_probability),
 * {@code <outDir>/model_fit/churn_logit.parquet} and {@code <outDir>/churn_fit/} (the fit kept for
 * the next nights). When it is off or the data too thin, it writes an empty churn_scores and a
 * model_fit row {@code skipped} saying why.
 *
 * <p>This class sequences the three parts: {@link ChurnFeatures} (the feature windows, through
 * the engine), a {@link ChurnTrainer} (training and scoring) and
 * {@link ChurnReport} (churn_scores, model_fit, the log).
 */
public final class ChurnPropensityModel {

    public static final String MODEL = "churn_logit";
    /** The kept fit's directory under a predict directory (the night's, then the published one). */
    public static final String KEPT_FIT = "churn_fit";
    /** The numeric features of churn_features.sql, in the order of the coefficients. */
    public static final List<String> NUMERIC_FEATURES = List.of(
            "recency_days",
            "lapses_in_horizon",
            "frequency",
            "monetary",
            "tenure_days",
            "complaints_90d",
            "open_complaints_90d",
            "last_csat",
            "no_csat",
            "last_nps",
            "no_nps",
            "has_running_contract");

    private final SparkSettings spark;

    /** The star-schema tables the features read: churn_features' declared dependencies. */
    public static List<String> lakeTables() {
        return Catalog.load().table("churn_features").dependsOn();
    }

    public ChurnPropensityModel(SparkSettings spark) {
        this.spark = spark;
    }

    /** Fits the model with no kept fit to reuse: see {@link #fit(Engine, Path, LocalDate, ChurnSettings, Path, Path)}. */
    public ChurnFit fit(Engine engine, Path workLakeDir, LocalDate asOf, ChurnSettings settings, Path outDir) {
        return fit(engine, workLakeDir, asOf, settings, null, outDir);
    }

    /**
     * Fits the model on the star schema under {@code workLakeDir} (one Parquet directory per
     * table) as of {@code asOf}, or scores with the fit kept under {@code keptFitDir} when the
     * schedule allows, and writes its outputs under {@code outDir}. The feature windows
     * are SQL, computed by {@code engine} (the night's engine: on a DuckDB night Spark then only
     * fits and scores) into Parquet under {@code outDir/churn_features}, removed afterwards.
     *
     * @param keptFitDir the published kept fit ({@code predict/churn_fit}); null or absent: none
     */
    public ChurnFit fit(
            Engine engine, Path workLakeDir, LocalDate asOf, ChurnSettings settings, Path keptFitDir, Path outDir) {
        long started = System.nanoTime();
        ChurnReport report = new ChurnReport(outDir, asOf, settings);
        if (settings.mode() == ChurnSettings.Mode.OFF) {
            return report.skipped("not fitted: clientele.models.churn is off", null);
        }
        List<String> missing = ChurnFeatures.missingTables(workLakeDir);
        if (!missing.isEmpty()) {
            return report.skipped(
                    "not fitted: no lake table " + String.join(", ", missing) + " under " + workLakeDir, null);
        }
        FitTimings timings = new FitTimings();
        ChurnFeatures features = new ChurnFeatures(engine, settings);
        features.register(workLakeDir);
        long known = features.currentCustomers();
        if (known < settings.minCustomers()) {
            // too small to fit whatever the windows hold: say so without starting Spark
            return report.skipped(
                    "not fitted: " + known + " customers known, fewer than " + settings.minCustomers(), known);
        }
        ChurnTrainer trainer = trainer(engine, settings);
        String fingerprint = ChurnFitFingerprint.of(settings, trainer.kind());
        Optional<KeptChurnFit> kept = KeptChurnFit.read(keptFitDir);
        Optional<String> refit = ChurnRefitSchedule.refitReason(kept, asOf, fingerprint, settings.refitDays());
        String engineName = engine.kind().name().toLowerCase(Locale.ROOT);
        Path featuresDir = outDir.resolve("churn_features");
        try {
            if (refit.isEmpty()) {
                KeptChurnFit fit = kept.orElseThrow();
                Path current = features.current(asOf, featuresDir);
                timings.lap("current window (" + engineName + ")");
                ChurnTraining.Scoring scoring =
                        trainer.scoring(current, fit.coefficientChannels(), fit.intercept(), fit.coefficients());
                return report.reused(fit, scoring, timings, started);
            }
            ChurnFeatureWindows windows = features.compute(asOf, featuresDir);
            timings.lap("feature windows (" + engineName + ")");
            ChurnTraining training = trainer.train(windows, timings);
            if (training instanceof ChurnTraining.TooThin thin) {
                return report.skipped("not fitted: " + thin.reason(), thin.trainCustomers());
            }
            return report.fitted(windows, (ChurnTraining.Trained) training, fingerprint, refit.get(), timings, started);
        } finally {
            ParquetDirectory.deleteRecursively(featuresDir);
        }
    }

    /** The trainer {@code settings} and the night's engine call for. */
    private ChurnTrainer trainer(Engine engine, ChurnSettings settings) {
        boolean mllib = settings.mode() == ChurnSettings.Mode.MLLIB
                || (settings.mode() == ChurnSettings.Mode.AUTO && engine.kind() == EngineKind.SPARK);
        return mllib ? new MllibChurnTrainer(settings, spark) : new InProcessChurnTrainer(settings);
    }
}
