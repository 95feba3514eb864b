/**
 * Top layer of the jobs module: the {@code clientele} commands (picocli). May use every package of
 * the module and the warehouse; nothing uses it.
 */
package io.clientele.jobs.cli;
