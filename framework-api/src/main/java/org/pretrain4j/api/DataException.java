package org.pretrain4j.api;

/**
 * A dataset or image cannot be read: missing directory, truncated or malformed file, undecodable image. The
 * message names the file and what was expected (and, for missing datasets, how to install them).
 */
public class DataException extends Pretrain4jException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the file and what is wrong
     */
    public DataException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message the file and what is wrong
     * @param cause the underlying error
     */
    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
