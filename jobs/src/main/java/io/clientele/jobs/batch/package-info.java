/**
 * Bottom layer of the jobs module: what every job of a night shares in Spring Batch terms, the
 * job parameters' names, the rows counted per step, the nightly jobs' names and {@link
 * io.clientele.jobs.batch.NightStep}, the one list of the night's steps. Uses no other package of
 * the module.
 */
package io.clientele.jobs.batch;
