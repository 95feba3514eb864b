package io.clientele.jobs.extract;

/** A record that breaks its source contract; the step skips it and keeps it in etl_rejects. */
public class RejectedRowException extends RuntimeException {

    private final String column;
    private final String recordKey;

    public RejectedRowException(String column, String reason, String recordKey) {
        super(reason);
        this.column = column;
        this.recordKey = recordKey;
    }

    /** The offending column, or null when the record as a whole is malformed. */
    public String column() {
        return column;
    }

    /** The record's natural key as far as it could be read, or null. */
    public String recordKey() {
        return recordKey;
    }
}
