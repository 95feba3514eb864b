/**
 * The data-quality checks of a published night, written in the report shape {@code publish}
 * defines. Above {@code publish}; may use {@code publish}, {@code layout} and {@code engine}.
 */
package io.clientele.warehouse.checks;
