/**
 * The dashboard: reads the published DuckDB file and renders one HTML page. Stands apart: uses the
 * warehouse only (engine, layout, publish) and no other package of the module; only {@code cli}
 * uses it.
 */
package io.clientele.jobs.dashboard;
