package io.clientele.jobs.extract;

/**
 * One valid record, its values canonical text in the contract's column order (null for empty).
 */
public record LandingRow(String file, long line, String[] values) {}
