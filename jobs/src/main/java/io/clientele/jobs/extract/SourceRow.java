package io.clientele.jobs.extract;

/**
 * One record of a source file as read, before validation.
 *
 * @param file   the file's name, for errors and rejects
 * @param line   its line number in the file (1 = header)
 * @param fields the fields in the file's column order
 * @param raw    the record as it was in the file
 */
public record SourceRow(String file, long line, String[] fields, String raw) {}
