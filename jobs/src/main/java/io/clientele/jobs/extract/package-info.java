/**
 * The extract steps: each source read (CSV or JDBC), validated against its source contract and
 * landed as Parquet, then {@code extract-land}. Above {@code batch} and {@code config}, which it may
 * use, with the warehouse's stage and the source contracts; knows nothing of the nightly job.
 */
package io.clientele.jobs.extract;
