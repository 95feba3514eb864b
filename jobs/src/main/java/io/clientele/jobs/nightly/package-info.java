/**
 * The nightly job and its one-step jobs, built from the extract steps and the warehouse pipeline in
 * the order of NightStep; the launcher, and the recovery of interrupted runs. Above {@code extract};
 * may use {@code extract}, {@code monitoring}, {@code config}, {@code batch} and the warehouse.
 */
package io.clientele.jobs.nightly;
