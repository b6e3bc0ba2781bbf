package org.pretrain4j.api.config;

import org.pretrain4j.api.Pretrain4jException;

/**
 * A config value is missing, malformed or out of range, or names an unknown type. The message reads
 * {@code <path> (<file>:<line>): <problem>}.
 */
public class ConfigException extends Pretrain4jException {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final String origin;

    /**
     * Creates the exception.
     *
     * @param path the dotted config path of the offending value, e.g. {@code model.backbone.depth}
     * @param origin where it was written, e.g. {@code configs/x.conf:12}
     * @param problem what is wrong and what was expected
     */
    public ConfigException(String path, String origin, String problem) {
        this(path, origin, problem, null);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param path the dotted config path of the offending value
     * @param origin where it was written
     * @param problem what is wrong and what was expected
     * @param cause the underlying error, or null
     */
    public ConfigException(String path, String origin, String problem, Throwable cause) {
        super(format(path, origin, problem), cause);
        this.path = path;
        this.origin = origin;
    }

    private static String format(String path, String origin, String problem) {
        String where = path == null || path.isEmpty() ? "config" : path;
        return origin == null || origin.isEmpty() ? where + ": " + problem : where + " (" + origin + "): " + problem;
    }

    /**
     * The config path of the offending value.
     *
     * @return the dotted path, empty for the root
     */
    public String path() {
        return path;
    }

    /**
     * Where the offending value was written.
     *
     * @return {@code file:line}, or a description such as {@code --set model.x=1}
     */
    public String origin() {
        return origin;
    }
}
