package io.clientele.warehouse.predict;

/** A log-likelihood that also gives its gradient, for the gradient search of {@link LogParameterMaximizer}. */
@FunctionalInterface
interface DifferentiableLogLikelihood {

    /**
     * @param parameters the (positive) parameters
     * @param gradient   receives ∂ ln L / ∂ parameter, one per parameter
     * @return ln L at the parameters; NaN or −∞ where undefined (the gradient is then ignored)
     */
    double value(double[] parameters, double[] gradient);
}
