/**
 * The demo data generator: a synthetic extract in the shape of the source contracts. Stands apart
 * (it is to become a module of its own): uses the source contracts only; only {@code cli} uses it.
 */
package io.clientele.jobs.demo;
