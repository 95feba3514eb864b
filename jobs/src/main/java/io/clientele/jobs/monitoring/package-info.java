/**
 * What a night tells monitoring systems as it runs and ends: its metrics (a Prometheus text file,
 * a Pushgateway; Spring Batch's own timers through Micrometer) and its OpenLineage run events.
 * Above {@code batch} and {@code config}, which it may use, with the warehouse's layout and
 * catalog and the source contracts; {@code nightly} attaches it to the night's jobs.
 */
package io.clientele.jobs.monitoring;
