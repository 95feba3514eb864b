/**
 * Bottom layer of the warehouse: the SQL engines (DuckDB, Spark), their settings, SQL templates
 * and dialects, and Parquet directories. Uses no other warehouse package.
 */
package io.clientele.warehouse.engine;
