/**
 * Bottom layer of the jobs module: the {@code clientele.*} settings, the PII salt, and the factory of
 * a night's warehouse pipeline from them. May use the warehouse; no other package of the module.
 */
package io.clientele.jobs.config;
