package org.pretrain4j.api;

/**
 * A problem with the set of registered components itself, independent of any config: two classes claiming the
 * same type name, or a provider that cannot be loaded. The message names the classes and the jars involved.
 */
public class RegistryException extends Pretrain4jException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the classes and jars involved and how to fix it
     */
    public RegistryException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message the classes and jars involved and how to fix it
     * @param cause the underlying error
     */
    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
