/**
 * The Spring Boot application class: its package is the root of the component scan. Uses no
 * other package of the module; only {@code cli} uses it.
 */
package io.clientele.jobs;
