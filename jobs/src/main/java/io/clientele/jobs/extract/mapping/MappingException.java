package io.clientele.jobs.extract.mapping;

/**
 * A mapping that cannot work: an unknown key, source, column or input, a raw column that is not
 * there, a file that cannot be read. The message is one line naming the mapping file and the key.
 */
public class MappingException extends RuntimeException {

    private final String key;

    public MappingException(String file, String key, String problem) {
        super(file + ": " + key + ": " + problem);
        this.key = key;
    }

    public MappingException(String file, String key, String problem, Throwable cause) {
        super(file + ": " + key + ": " + problem, cause);
        this.key = key;
    }

    /** The key of the mapping the problem is at, such as {@code sources.orders.columns.order_id}. */
    public String key() {
        return key;
    }
}
