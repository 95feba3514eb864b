/**
 * The predictive models over the star schema: BG/NBD, Gamma-Gamma and CLV, the contract cohorts'
 * sBG, and the churn propensity model. Above {@code star} (it reads the tables the star schema
 * writes, by path); may use {@code layout} and {@code engine}.
 *
 * <p>The predict step: {@link io.clientele.warehouse.predict.PredictiveModels} sequences it;
 * {@link io.clientele.warehouse.predict.CustomerSummaryReader} reads the summaries back from the
 * engine; {@link io.clientele.warehouse.predict.CustomerValueFits} (BG/NBD, Gamma-Gamma),
 * {@link io.clientele.warehouse.predict.BgNbdPredictions} (per-history P(alive), purchases, CLV
 * purchases) and {@link io.clientele.warehouse.predict.ContractCohortFits} (sBG per cohort) are
 * the maths, pure functions of those summaries over the model classes ({@code BgNbdModel},
 * {@code GammaGammaModel}, {@code ShiftedBetaGeometricModel}, their likelihoods and
 * {@code LogParameterMaximizer}); {@link io.clientele.warehouse.predict.PredictionWriter} writes
 * the tables (SQL through the engine, Java-computed rows through {@code ParquetRowWriter} and
 * {@code ModelFitWriter}).
 *
 * <p>The churn step: {@link io.clientele.warehouse.predict.ChurnPropensityModel} sequences it;
 * {@link io.clientele.warehouse.predict.ChurnFeatures} computes the feature windows through the
 * night's engine into Parquet ({@link io.clientele.warehouse.predict.ChurnFeatureWindows}, the
 * parameter object handed on); a {@link io.clientele.warehouse.predict.ChurnTrainer} trains, judges
 * and scores ({@link io.clientele.warehouse.predict.ChurnTraining}): in the JVM
 * ({@link io.clientele.warehouse.predict.InProcessChurnTrainer}) or with Spark MLlib
 * ({@link io.clientele.warehouse.predict.MllibChurnTrainer});
 * {@link io.clientele.warehouse.predict.ChurnReport} writes churn_scores and model_fit and logs.
 */
package io.clientele.warehouse.predict;
