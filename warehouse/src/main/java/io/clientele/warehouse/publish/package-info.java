/**
 * Moves a night's state, lake, predictions and marts into place and builds the DuckDB file
 * analysts open; defines the shape of the data-quality report it publishes as a view. Above
 * {@code marts}; may use {@code engine} and {@code layout}.
 */
package io.clientele.warehouse.publish;
