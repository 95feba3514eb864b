package io.clientele.warehouse.predict;

/**
 * What one night's churn model did.
 *
 * @param fitted             false when it was off or the data too thin (then no scores at all)
 * @param note               why it was not fitted, or which windows it used
 * @param auc                holdout AUC of the model (null when not fitted)
 * @param aucRecencyBaseline holdout AUC of recency alone (null when not fitted)
 * @param scoredCustomers    rows of churn_scores: the customers active on the as-of date, or 0
 * @param modelFitRows       rows written to model_fit/churn_logit.parquet
 * @param fittedOn           the as-of date of the night whose fit scored (tonight's when it refitted);
 *                           null when not fitted
 */
public record ChurnFit(
        boolean fitted,
        String note,
        Double auc,
        Double aucRecencyBaseline,
        long scoredCustomers,
        long modelFitRows,
        java.time.LocalDate fittedOn) {}
