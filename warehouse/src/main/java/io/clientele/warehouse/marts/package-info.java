/**
 * The metric marts, one SQL file each under {@code warehouse/sql/marts/}, over the star schema and
 * the predictions (which the pipeline registers). Above {@code predict}; may use {@code engine}
 * and {@code layout}.
 */
package io.clientele.warehouse.marts;
