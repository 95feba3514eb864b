package io.clientele.warehouse.predict;

import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** What {@link ChurnLogisticRegression} gives back: a fitted and judged model, or why there is none. */
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
     * @param train            the training window's label counts
     * @param holdout          the holdout window's label counts
     * @param auc              holdout AUC of the backtest fit
     * @param recencyBaseline  holdout AUC of recency_days alone
     * @param model            the refit on the holdout window: its coefficients are reported
     * @param logLikelihood    the refit's log-likelihood on the rows it was fitted on
     * @param scored           the current window with the refit's probability (not computed yet)
     */
    record Trained(
            ChurnLogisticRegression.LabelCounts train,
            ChurnLogisticRegression.LabelCounts holdout,
            double auc,
            double recencyBaseline,
            LogisticRegressionModel model,
            double logLikelihood,
            Dataset<Row> scored)
            implements ChurnTraining {}
}
