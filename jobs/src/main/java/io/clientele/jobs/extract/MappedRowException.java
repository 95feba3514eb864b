package io.clientele.jobs.extract;

import org.springframework.batch.item.file.FlatFileParseException;

/**
 * A row the source mapping could not make: one of its expressions failed on the row. The step
 * refuses the row with the mapping key and DuckDB's reason, and reads on.
 */
final class MappedRowException extends FlatFileParseException {

    private final String file;
    private final String column;
    private final String recordKey;

    MappedRowException(String reason, String raw, String file, long line, String column, String recordKey) {
        super(reason, raw, (int) Math.min(line, Integer.MAX_VALUE));
        this.file = file;
        this.column = column;
        this.recordKey = recordKey;
    }

    String file() {
        return file;
    }

    /** The contract column whose expression failed, or null for the mapping's filter. */
    String column() {
        return column;
    }

    String recordKey() {
        return recordKey;
    }
}
