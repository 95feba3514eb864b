/**
 * {@code clientele forget}: a customer's personal data emptied from every Parquet file of the
 * warehouse, and the erasure log. Works on what the steps below published; the published file's
 * rebuild is handed in (by {@code pipeline}). Above {@code checks}; may use {@code layout},
 * {@code engine} and the source contracts.
 */
package io.clientele.warehouse.erasure;
