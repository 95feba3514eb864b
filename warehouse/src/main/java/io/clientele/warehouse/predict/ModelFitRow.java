package io.clientele.warehouse.predict;

/**
 * One row of {@code model_fit} (docs/contract.md §3): a fitted parameter or quality metric.
 * {@code note} is an addition to the contract's columns: why a model was skipped, or which
 * windows a metric comes from.
 */
public record ModelFitRow(
        String model,
        String parameter,
        Double value,
        String timeUnit,
        Long nCustomers,
        Double logLikelihood,
        String cohort,
        String note) {}
