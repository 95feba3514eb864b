package io.clientele.warehouse.predict;

import java.nio.file.Path;

/** What a {@link ChurnTrainer} gives back: a fitted and judged model, or why there is none. */
sealed interface ChurnTraining {

    /**
     * A window too thin to fit on or judge by.
     *
     * @param reason         why, for model_fit's note
     * @param trainCustomers customers of the training window
     */
    record TooThin(String reason, long trainCustomers) implements ChurnTraining {}

    /**
     * The backtest judged on the holdout, and the refit that scores.
     *
     * @param train           the training window's label counts
     * @param holdout         the holdout window's label counts
     * @param auc             holdout AUC of the backtest fit
     * @param recencyBaseline holdout AUC of recency_days alone
     * @param intercept       the refit's intercept
     * @param coefficients    the refit's coefficients, in the windows' feature order
     * @param logLikelihood   the refit's log-likelihood on the rows it was fitted on
     * @param scoring         writes the current window's churn_probability with the refit
     */
    record Trained(
            LabelCounts train,
            LabelCounts holdout,
            double auc,
            double recencyBaseline,
            double intercept,
            double[] coefficients,
            double logLikelihood,
            Scoring scoring)
            implements ChurnTraining {}

    /** Scores the customers active on D and writes churn_scores. */
    @FunctionalInterface
    interface Scoring {

        /** Writes (customer_id, churn_probability) as Parquet under {@code directory}, replacing it; returns the rows. */
        long writeTo(Path directory);
    }
}
