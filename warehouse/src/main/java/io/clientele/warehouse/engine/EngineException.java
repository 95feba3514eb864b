package io.clientele.warehouse.engine;

/** An engine refused a statement; the message carries the engine's reason and the SQL. */
public class EngineException extends RuntimeException {
    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
