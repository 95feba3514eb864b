package io.clientele.jobs.extract;

/**
 * A problem with a whole source file (missing, empty, wrong header, unreadable): the run
 * stops before anything is published. The message is one line naming the file.
 */
public class ExtractFileException extends RuntimeException {

    public ExtractFileException(String file, String problem) {
        super(file + ": " + problem);
    }

    public ExtractFileException(String file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
