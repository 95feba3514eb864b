package io.clientele.warehouse.predict;

/**
 * A fitted model with the log-likelihood of the data at its parameters, and how many
 * likelihood evaluations the search took (to see where the fitting time goes).
 */
public record Fitted<M>(M model, double logLikelihood, int evaluations) {}
