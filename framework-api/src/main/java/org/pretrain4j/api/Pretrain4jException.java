package org.pretrain4j.api;

/**
 * Base of every error pretrain4j reports on purpose. Its message is meant for the user: it names the file, the
 * config path or the plugin involved and says what was expected, so the CLI prints it without a stack trace.
 */
public class Pretrain4jException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a user-facing message.
     *
     * @param message what went wrong, naming the file or path involved
     */
    public Pretrain4jException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a user-facing message and the low-level cause.
     *
     * @param message what went wrong, naming the file or path involved
     * @param cause the underlying error
     */
    public Pretrain4jException(String message, Throwable cause) {
        super(message, cause);
    }
}
