package io.clientele.warehouse.predict;

import io.clientele.warehouse.engine.EngineException;
import io.clientele.warehouse.engine.ParquetDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.hipparchus.util.FastMath;

/**
 * The churn model's training in the JVM, with no Spark session: the default on the DuckDB engine.
 * An in-memory DuckDB reads the feature windows (in customer order, the channel indicators
 * encoded in SQL) and writes the scores; the fits are {@link RidgeLogisticRegression}, the AUCs
 * {@link AreaUnderRoc}. It fits MLlib's objective, so its coefficients and AUCs agree with
 * {@link MllibChurnTrainer}'s on the same windows (to MLlib's convergence tolerance).
 *
 * <p>Memory: only the fits' rows are held (at most {@code churn-training-rows} per window, each
 * a row of doubles), and two scores per holdout customer for the AUCs; the current window is
 * scored in SQL.
 */
final class InProcessChurnTrainer implements ChurnTrainer {

    /** The in-memory DuckDB that reads the windows sorts them: a bound, spilling beyond it. */
    private static final String MEMORY_LIMIT = "1GB";

    private final ChurnSettings settings;

    InProcessChurnTrainer(ChurnSettings settings) {
        this.settings = settings;
    }

    @Override
    public ChurnTraining train(ChurnFeatureWindows windows, FitTimings timings) {
        Path scratch = windows.train().resolveSibling("duckdb-tmp");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            s.execute("SET memory_limit = '" + MEMORY_LIMIT + "'");
            s.execute("SET temp_directory = " + ParquetDirectory.literal(scratch));
            List<String> features = featureExpressions(windows.channels());
            int p = features.size();

            LabelCounts trainCounts = labelCounts(s, windows.train());
            LabelCounts holdoutCounts = labelCounts(s, windows.holdout());
            timings.lap("label counts");
            String thin = LabelCounts.tooThin(trainCounts, holdoutCounts, windows, settings);
            if (thin != null) {
                return new ChurnTraining.TooThin(thin, trainCounts.customers());
            }

            Rows trainSample = new Rows(p);
            read(s, windows.train(), features, trainCounts, (row, label, sampled) -> {
                if (sampled) {
                    trainSample.add(row, label);
                }
            });
            RidgeLogisticRegression.Model backtest =
                    RidgeLogisticRegression.fit(trainSample.values(), trainSample.labels(), p, REG_PARAM);
            timings.lap("backtest fit");

            // one pass over the holdout: the backtest's and recency's scores, and the refit's sample
            Rows holdoutSample = new Rows(p);
            DoubleList[] model = {new DoubleList(), new DoubleList()}; // negatives, positives
            DoubleList[] recency = {new DoubleList(), new DoubleList()};
            int recencyColumn = windows.featureNames().indexOf("recency_days");
            read(s, windows.holdout(), features, holdoutCounts, (row, label, sampled) -> {
                int positive = label > 0.5 ? 1 : 0;
                model[positive].add(backtest.margin(row, 0));
                recency[positive].add(row[recencyColumn]);
                if (sampled) {
                    holdoutSample.add(row, label);
                }
            });
            double auc = AreaUnderRoc.of(model[1].toArray(), model[0].toArray());
            double baseline = AreaUnderRoc.of(recency[1].toArray(), recency[0].toArray());
            timings.lap("holdout AUCs");

            RidgeLogisticRegression.Model refit =
                    RidgeLogisticRegression.fit(holdoutSample.values(), holdoutSample.labels(), p, REG_PARAM);
            double logLikelihood = logLikelihood(refit, holdoutSample);
            timings.lap("refit");
            return new ChurnTraining.Trained(
                    trainCounts,
                    holdoutCounts,
                    auc,
                    baseline,
                    refit.intercept(),
                    refit.coefficients(),
                    logLikelihood,
                    directory -> writeScores(
                            windows.current(), features, refit.intercept(), refit.coefficients(), directory));
        } catch (SQLException e) {
            throw new EngineException("churn model: cannot read the feature windows: " + e.getMessage(), e);
        } finally {
            ParquetDirectory.deleteRecursively(scratch);
        }
    }

    @Override
    public ChurnTraining.Scoring scoring(Path current, List<String> channels, double intercept, double[] coefficients) {
        List<String> features = featureExpressions(channels);
        return directory -> writeScores(current, features, intercept, coefficients, directory);
    }

    @Override
    public String kind() {
        return "in-process";
    }

    /** The features in the coefficients' order, as SQL over a window: the numbers, then the channel indicators. */
    private static List<String> featureExpressions(List<String> channels) {
        List<String> expressions = new ArrayList<>();
        for (String numeric : ChurnPropensityModel.NUMERIC_FEATURES) {
            expressions.add("CAST(" + numeric + " AS DOUBLE)");
        }
        for (String channel : channels) {
            expressions.add(
                    "CASE WHEN acquisition_channel = '" + channel.replace("'", "''") + "' THEN 1.0 ELSE 0.0 END");
        }
        return expressions;
    }

    private static LabelCounts labelCounts(Statement s, Path window) throws SQLException {
        try (ResultSet r = s.executeQuery(
                "SELECT count(*), coalesce(sum(" + LABEL + "), 0) FROM " + ParquetDirectory.duckDbScan(window))) {
            r.next();
            return new LabelCounts(r.getLong(1), Math.round(r.getDouble(2)));
        }
    }

    /** What a pass over a window does with each row; {@code row} is reused between calls. */
    @FunctionalInterface
    private interface RowVisitor {
        void visit(double[] row, double label, boolean sampled);
    }

    /**
     * Reads a window in customer order; a row is {@code sampled} when the window fits under
     * {@code churn-training-rows}, or else with that share, drawn per row from {@link #SAMPLE_SEED}
     * (the same share of churned and of retained customers, as the rows come).
     */
    private void read(Statement s, Path window, List<String> features, LabelCounts counts, RowVisitor visitor)
            throws SQLException {
        int cap = settings.trainingRows();
        double share = cap <= 0 || counts.customers() <= cap ? 1.0 : (double) cap / counts.customers();
        SplittableRandom draws = new SplittableRandom(SAMPLE_SEED);
        int p = features.size();
        double[] row = new double[p];
        try (ResultSet r = s.executeQuery("SELECT CAST(" + LABEL + " AS DOUBLE), " + String.join(", ", features)
                + " FROM " + ParquetDirectory.duckDbScan(window) + " ORDER BY customer_id")) {
            while (r.next()) {
                double label = r.getDouble(1);
                for (int j = 0; j < p; j++) {
                    row[j] = r.getDouble(j + 2);
                }
                visitor.visit(row, label, share >= 1.0 || draws.nextDouble() < share);
            }
        }
    }

    /** Σ y·log p + (1 − y)·log(1 − p) over the rows the model was fitted on. */
    private static double logLikelihood(RidgeLogisticRegression.Model model, Rows rows) {
        double sum = 0;
        double[] values = rows.values();
        double[] labels = rows.labels();
        for (int i = 0; i < labels.length; i++) {
            double p = FastMath.min(FastMath.max(model.probability(values, i * rows.width), 1e-15), 1 - 1e-15);
            sum += labels[i] * FastMath.log(p) + (1 - labels[i]) * FastMath.log(1 - p);
        }
        return sum;
    }

    /** Scores the current window in SQL with the coefficients; returns the rows written. */
    private static long writeScores(
            Path current, List<String> features, double intercept, double[] coefficients, Path directory) {
        StringBuilder margin = new StringBuilder(PredictiveModels.literal(Optional.of(intercept)));
        for (int j = 0; j < coefficients.length; j++) {
            margin.append(" + ")
                    .append(PredictiveModels.literal(Optional.of(coefficients[j])))
                    .append(" * ")
                    .append(features.get(j));
        }
        Path fresh = ParquetDirectory.stagingSibling(directory);
        ParquetDirectory.deleteRecursively(fresh);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            Files.createDirectories(fresh);
            s.execute("COPY (SELECT customer_id, 1.0 / (1.0 + exp(-(" + margin + "))) AS churn_probability FROM "
                    + ParquetDirectory.duckDbScan(current) + " ORDER BY customer_id) TO "
                    + ParquetDirectory.literal(fresh.resolve("part-0.parquet")) + " (FORMAT parquet)");
            ParquetDirectory.replace(directory, fresh);
            try (ResultSet r = s.executeQuery("SELECT count(*) FROM " + ParquetDirectory.duckDbScan(directory))) {
                r.next();
                return r.getLong(1);
            }
        } catch (SQLException e) {
            throw new EngineException("churn model: cannot write " + directory + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("churn model: cannot write " + directory, e);
        }
    }

    /** A growing array of doubles. */
    private static final class DoubleList {
        private double[] values = new double[1024];
        private int size;

        void add(double value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        double[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    /** Rows kept for a fit: their features (row-major) and labels. */
    private static final class Rows {
        private final int width;
        private final DoubleList values = new DoubleList();
        private final DoubleList labels = new DoubleList();
        private double[] valuesArray;
        private double[] labelsArray;

        Rows(int width) {
            this.width = width;
        }

        void add(double[] row, double label) {
            for (double v : row) {
                values.add(v);
            }
            labels.add(label);
        }

        double[] values() {
            if (valuesArray == null) {
                valuesArray = values.toArray();
            }
            return valuesArray;
        }

        double[] labels() {
            if (labelsArray == null) {
                labelsArray = labels.toArray();
            }
            return labelsArray;
        }
    }
}
