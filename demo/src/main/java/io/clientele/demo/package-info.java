/**
 * The demo data generator: a synthetic extract in the shape of the source contracts, one
 * simulator per source. A module of its own: uses the source contracts only, never Spring or the
 * warehouse; the CLI's {@code demo} command, the benchmarks and the tests use it.
 */
package io.clientele.demo;
