package io.clientele.jobs.extract;

import org.springframework.batch.item.file.FlatFileParseException;

/** A CSV record that cannot be framed or split; the step refuses it and reads on. */
final class CsvRecordException extends FlatFileParseException {

    private final String column;

    CsvRecordException(String message, String input, long line, String column) {
        super(message, input, (int) Math.min(line, Integer.MAX_VALUE));
        this.column = column;
    }

    /** The column the record went wrong in, or null when not known. */
    String column() {
        return column;
    }
}
