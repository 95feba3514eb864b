/**
 * The data dictionary ({@code clientele docs}): the tables' manifests, the contract's definitions
 * they cite, and what the published DuckDB file holds (types, comments, row counts), as one static
 * HTML page. Stands apart like the dashboard: uses the warehouse module only; only {@code cli} uses it.
 */
package io.clientele.jobs.dictionary;
