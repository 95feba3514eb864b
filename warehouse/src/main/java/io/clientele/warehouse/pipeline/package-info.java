/**
 * Top layer of the warehouse: the night's pipeline, the only package that knows every step (stage,
 * star, predict, marts, publish, checks) and wires erasure to the publisher. May use every
 * warehouse package; used by the jobs module.
 */
package io.clientele.warehouse.pipeline;
