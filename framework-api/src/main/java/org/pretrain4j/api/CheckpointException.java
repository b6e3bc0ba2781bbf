package org.pretrain4j.api;

/**
 * A checkpoint cannot be read or does not fit the model: the message names the file and lists missing, unexpected
 * and shape-mismatched keys. Checkpoints on disk are never modified by the failing operation.
 */
public class CheckpointException extends Pretrain4jException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the file and what is wrong
     */
    public CheckpointException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message the file and what is wrong
     * @param cause the underlying error
     */
    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
