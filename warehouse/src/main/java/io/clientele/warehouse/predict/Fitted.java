package io.clientele.warehouse.predict;

/** A fitted model with the log-likelihood of the data at its parameters. */
public record Fitted<M>(M model, double logLikelihood) {
}
