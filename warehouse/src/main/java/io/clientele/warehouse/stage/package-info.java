/**
 * First step of a night, above {@code layout}: validated extracts into landing Parquet, then
 * upserted into tonight's state per source, with the rejects gathered into etl_rejects; keeps
 * forgotten customers forgotten by reading the erasure log's table. May use {@code engine},
 * {@code layout} and the source contracts.
 */
package io.clientele.warehouse.stage;
