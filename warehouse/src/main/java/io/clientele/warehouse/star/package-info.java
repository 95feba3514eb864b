/**
 * The star schema (the job's {@code model} step builds it): dimensions and facts from tonight's
 * state, in full or incrementally, from {@code warehouse/sql/star/}. Above {@code stage}; may use
 * {@code stage}, {@code layout}, {@code engine} and the source contracts.
 */
package io.clientele.warehouse.star;
