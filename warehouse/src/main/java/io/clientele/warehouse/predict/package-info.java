/**
 * The predictive models over the star schema: BG/NBD, Gamma-Gamma and CLV, the contract cohorts'
 * sBG, and the churn propensity model. Above {@code star} (it reads the tables the star schema
 * writes, by path); may use {@code layout} and {@code engine}.
 */
package io.clientele.warehouse.predict;
