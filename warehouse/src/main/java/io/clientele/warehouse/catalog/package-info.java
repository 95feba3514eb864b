/**
 * Layer above {@code engine}: the table catalog, one manifest per table beside its SQL
 * ({@code warehouse/sql/<layer>/<table>.yml}) — grain, key, foreign keys, dependencies,
 * partitioning, how it is published, and a description of every column. The build order of
 * the star schema and the marts, the partitioned facts, the key and integrity checks, the
 * publish list, the comments of the published DuckDB file and docs/catalog.md all derive
 * from it. Uses no other warehouse package but {@code engine}'s SQL files.
 */
package io.clientele.warehouse.catalog;
