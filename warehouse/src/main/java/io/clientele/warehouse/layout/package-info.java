/**
 * Layer above {@code engine}: the warehouse directory's layout ({@link
 * io.clientele.warehouse.layout.WarehouseLayout}, the one place every path under it comes from), a
 * run's settings, the lake's incremental baseline and the one-writer lock. Uses no other
 * warehouse package; every step above uses it.
 */
package io.clientele.warehouse.layout;
