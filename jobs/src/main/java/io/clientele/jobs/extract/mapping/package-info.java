/**
 * Source mappings: a YAML file that says how raw inputs (CSV or fixed-width files in any layout,
 * tables or queries of the operational database) become the rows of the contract's sources. Reads
 * and checks the file, loads the raw inputs into DuckDB and evaluates the mapping there. Part of the
 * {@code extract} layer; uses the source contracts only, and knows nothing of Spring Batch.
 */
package io.clientele.jobs.extract.mapping;
